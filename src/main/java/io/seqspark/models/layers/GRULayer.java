package io.seqspark.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.seqspark.models.layers.GRUParamInitializer.BIAS_KEY;
import static io.seqspark.models.layers.GRUParamInitializer.RECURRENT_BIAS_KEY;
import static io.seqspark.models.layers.GRUParamInitializer.RECURRENT_WEIGHT_KEY;
import static io.seqspark.models.layers.GRUParamInitializer.WEIGHT_KEY;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * Forward and backward pass of {@link GRU}, written with ND4J ops in the style of DL4J's LSTMHelpers: the input
 * projection of all time steps is one gemm, then one recurrent gemm per step. Time-major buffers ([time ×
 * minibatch, units], row blocks per step) keep every per-step slice contiguous.
 */
public class GRULayer extends BaseRecurrentLayer<GRU> {
    public static final String STATE_KEY = "h";

    /** Initial state of the last forward pass, so backprop recomputes exactly that pass (TBPTT, time steps). */
    private INDArray lastInitialState;

    public GRULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Everything the backward pass needs, per time step t in row block t of each [T·m, n] buffer. */
    private static final class Forward {
        INDArray out;       // [m, n, T] 'f', zero at masked steps
        INDArray states;    // [(T+1)·m, n]: block 0 is the initial state, block t+1 the state after step t
        INDArray x2d;       // [T·m, nIn] time-major input
        INDArray rPre, zPre, nPre, r, z, n;
        INDArray hn;        // reset-after: h·Un + bhn; reset-before: r ⊙ h
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(null, training, false, workspaceMgr).out;
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(stateMap.get(STATE_KEY), false, false, workspaceMgr);
        storeFinalState(f, stateMap);
        return f.out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(tBpttStateMap.get(STATE_KEY), training, false, workspaceMgr);
        if (storeLastForTBPTT) {
            storeFinalState(f, tBpttStateMap);
        }
        return f.out;
    }

    private void storeFinalState(Forward f, java.util.Map<String, INDArray> map) {
        long m = input.size(0);
        long steps = input.size(2);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            map.put(STATE_KEY, f.states.get(interval(steps * m, (steps + 1) * m), all()).dup('c'));
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        GRU c = layerConf();
        Forward f = forward(lastInitialState, true, true, workspaceMgr);
        long m = input.size(0);
        long steps = input.size(2);
        long n = c.getNOut();
        DataType dt = input.dataType();
        IActivation act = c.getActivationFn();
        IActivation gate = c.getGateActivationFn();

        INDArray w = getParamWithNoise(WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rwRz = rw.get(all(), interval(0, 2 * n));
        INDArray rwN = rw.get(all(), interval(2 * n, 3 * n));

        gradientsFlattened.assign(0);
        INDArray gW = gradientViews.get(WEIGHT_KEY);
        INDArray gRW = gradientViews.get(RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(BIAS_KEY);
        INDArray gRB = c.isResetAfter() ? gradientViews.get(RECURRENT_BIAS_KEY) : null;
        INDArray gRwRz = gRW.get(all(), interval(0, 2 * n));
        INDArray gRwN = gRW.get(all(), interval(2 * n, 3 * n));

        // dL/d(input projection) for all steps, time-major; steps outside the TBPTT window stay zero.
        INDArray dXproj = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dt, new long[]{steps * m, 3 * n}, 'c');
        INDArray dhNext = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dHproj = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, 3 * n}, 'c');
        INDArray dhPrev = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dhNew = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');

        long end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
        for (long t = steps - 1; t >= end; t--) {
            INDArray hPrev = block(f.states, t, m);
            INDArray r = block(f.r, t, m);
            INDArray z = block(f.z, t, m);
            INDArray nt = block(f.n, t, m);
            INDArray hn = block(f.hn, t, m);
            INDArray epsT = epsilon.get(all(), all(), point(t));
            INDArray mask = maskArray == null ? null : maskArray.getColumn(t).reshape(m, 1).castTo(dt);

            // h_t = mask ? h' : h_{t-1};  out_t = mask ⊙ h'
            dhNew.assign(epsT).addi(dhNext);
            if (mask != null) {
                dhPrev.assign(dhNext).muliColumnVector(mask.rsub(1.0));
                dhNew.muliColumnVector(mask);
            } else {
                dhPrev.assign(0);
            }
            // h' = (1 - z) ⊙ n + z ⊙ h_{t-1}
            INDArray dn = dhNew.mul(z.rsub(1.0));
            INDArray dz = dhNew.mul(hPrev.sub(nt));
            dhPrev.addi(dhNew.mul(z));
            INDArray dnPre = act.backprop(block(f.nPre, t, m).dup(), dn).getFirst();
            INDArray dzPre = gate.backprop(block(f.zPre, t, m).dup(), dz).getFirst();

            INDArray dX = block(dXproj, t, m);
            dX.get(all(), interval(n, 2 * n)).assign(dzPre);
            dX.get(all(), interval(2 * n, 3 * n)).assign(dnPre);
            if (c.isResetAfter()) {
                // n = act(xn + r ⊙ hn), hn = h_{t-1}·Un + bhn
                INDArray drPre = gate.backprop(block(f.rPre, t, m).dup(), dnPre.mul(hn)).getFirst();
                INDArray dHn = dnPre.mul(r);
                gRB.addi(dHn.sum(true, 0));
                dHproj.get(all(), interval(0, n)).assign(drPre);
                dHproj.get(all(), interval(n, 2 * n)).assign(dzPre);
                dHproj.get(all(), interval(2 * n, 3 * n)).assign(dHn);
                Nd4j.gemm(hPrev, dHproj, gRW, true, false, 1.0, 1.0);
                Nd4j.gemm(dHproj, rw, dhPrev, false, true, 1.0, 1.0);
                dX.get(all(), interval(0, n)).assign(drPre);
            } else {
                // n = act(xn + (r ⊙ h_{t-1})·Un), hn holds r ⊙ h_{t-1}
                INDArray dRh = dnPre.mmul(rwN.transpose());
                gRwN.addi(hn.transpose().mmul(dnPre));
                dhPrev.addi(dRh.mul(r));
                INDArray drPre = gate.backprop(block(f.rPre, t, m).dup(), dRh.mul(hPrev)).getFirst();
                INDArray dHrz = dHproj.get(all(), interval(0, 2 * n));
                dHrz.get(all(), interval(0, n)).assign(drPre);
                dHrz.get(all(), interval(n, 2 * n)).assign(dzPre);
                gRwRz.addi(hPrev.transpose().mmul(dHrz));
                dhPrev.addi(dHrz.mmul(rwRz.transpose()));
                dX.get(all(), interval(0, n)).assign(drPre);
            }
            dhNext.assign(dhPrev);
        }

        // Input-side gradients for all steps at once.
        Nd4j.gemm(f.x2d, dXproj, gW, true, false, 1.0, 0.0);
        gB.assign(dXproj.sum(true, 0));
        INDArray dx2d = dXproj.mmul(w.transpose());                          // [T·m, nIn]
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dt,
                new long[]{m, c.getNIn(), steps}, 'f');
        epsOut.assign(dx2d.reshape('c', steps, m, c.getNIn()).permute(1, 2, 0));

        weightNoiseParams.clear();
        Gradient g = new DefaultGradient(gradientsFlattened);
        g.gradientForVariable().put(WEIGHT_KEY, gW);
        g.gradientForVariable().put(RECURRENT_WEIGHT_KEY, gRW);
        g.gradientForVariable().put(BIAS_KEY, gB);
        if (gRB != null) {
            g.gradientForVariable().put(RECURRENT_BIAS_KEY, gRB);
        }
        return new Pair<>(g, backpropDropOutIfPresent(epsOut));
    }

    private static INDArray block(INDArray timeMajor, long t, long m) {
        return timeMajor.get(interval(t * m, (t + 1) * m), all());
    }

    private Forward forward(INDArray initialState, boolean training, boolean forBackprop,
                            LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException("GRU (layer " + layerId() + ") expects 3D input [minibatch, features, "
                    + "time], got shape " + java.util.Arrays.toString(input.shape()));
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        GRU c = layerConf();
        lastInitialState = initialState;
        long m = input.size(0);
        long nIn = input.size(1);
        long steps = input.size(2);
        long n = c.getNOut();
        DataType dt = input.dataType();
        ArrayType work = forBackprop ? ArrayType.BP_WORKING_MEM : ArrayType.FF_WORKING_MEM;
        IActivation act = c.getActivationFn();
        IActivation gate = c.getGateActivationFn();

        INDArray w = getParamWithNoise(WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(BIAS_KEY, training, workspaceMgr);
        INDArray rb = c.isResetAfter() ? getParamWithNoise(RECURRENT_BIAS_KEY, training, workspaceMgr) : null;
        INDArray rwRz = rw.get(all(), interval(0, 2 * n));
        INDArray rwN = rw.get(all(), interval(2 * n, 3 * n));

        Forward f = new Forward();
        f.x2d = workspaceMgr.createUninitialized(work, dt, new long[]{steps, m, nIn}, 'c');
        f.x2d.assign(input.permute(2, 0, 1));
        f.x2d = f.x2d.reshape('c', steps * m, nIn);
        // Input projection of every step in one gemm, bias included.
        INDArray xProj = workspaceMgr.createUninitialized(work, dt, new long[]{steps * m, 3 * n}, 'c');
        xProj.assign(0).addiRowVector(b);
        Nd4j.gemm(f.x2d, w, xProj, false, false, 1.0, 1.0);

        f.states = workspaceMgr.create(work, dt, new long[]{(steps + 1) * m, n}, 'c');
        if (initialState != null) {
            block(f.states, 0, m).assign(initialState);
        }
        long[] shape = {steps * m, n};
        f.rPre = workspaceMgr.createUninitialized(work, dt, shape, 'c');
        f.zPre = workspaceMgr.createUninitialized(work, dt, shape, 'c');
        f.nPre = workspaceMgr.createUninitialized(work, dt, shape, 'c');
        f.r = workspaceMgr.createUninitialized(work, dt, shape, 'c');
        f.z = workspaceMgr.createUninitialized(work, dt, shape, 'c');
        f.n = workspaceMgr.createUninitialized(work, dt, shape, 'c');
        f.hn = workspaceMgr.createUninitialized(work, dt, shape, 'c');
        f.out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dt, new long[]{m, n, steps}, 'f');
        INDArray hProj = workspaceMgr.createUninitialized(work, dt, new long[]{m, 2 * n}, 'c');

        for (long t = 0; t < steps; t++) {
            INDArray hPrev = block(f.states, t, m);
            INDArray x = block(xProj, t, m);
            INDArray rPre = block(f.rPre, t, m);
            INDArray zPre = block(f.zPre, t, m);
            INDArray nPre = block(f.nPre, t, m);
            INDArray r = block(f.r, t, m);
            INDArray z = block(f.z, t, m);
            INDArray nt = block(f.n, t, m);
            INDArray hn = block(f.hn, t, m);

            Nd4j.gemm(hPrev, rwRz, hProj, false, false, 1.0, 0.0);
            rPre.assign(x.get(all(), interval(0, n))).addi(hProj.get(all(), interval(0, n)));
            zPre.assign(x.get(all(), interval(n, 2 * n))).addi(hProj.get(all(), interval(n, 2 * n)));
            r.assign(gate.getActivation(rPre.dup(), training));
            z.assign(gate.getActivation(zPre.dup(), training));
            if (c.isResetAfter()) {
                Nd4j.gemm(hPrev, rwN, hn, false, false, 1.0, 0.0);
                hn.addiRowVector(rb);
                nPre.assign(hn).muli(r);
            } else {
                hn.assign(r).muli(hPrev);
                Nd4j.gemm(hn, rwN, nPre, false, false, 1.0, 0.0);
            }
            nPre.addi(x.get(all(), interval(2 * n, 3 * n)));
            nt.assign(act.getActivation(nPre.dup(), training));

            // h' = n + z ⊙ (h_{t-1} - n); a masked step keeps h_{t-1} and outputs zeros.
            INDArray hNew = block(f.states, t + 1, m);
            hNew.assign(hPrev).subi(nt).muli(z).addi(nt);
            INDArray outT = f.out.get(all(), all(), point(t));
            if (maskArray != null) {
                INDArray mask = maskArray.getColumn(t).reshape(m, 1).castTo(dt);
                outT.assign(hNew.mulColumnVector(mask));
                hNew.subi(hPrev).muliColumnVector(mask).addi(hPrev);
            } else {
                outT.assign(hNew);
            }
        }
        return f;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasLayerNorm() {
        return false;
    }
}
