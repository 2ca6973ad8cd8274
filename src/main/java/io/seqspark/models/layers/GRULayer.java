package io.seqspark.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static io.seqspark.models.layers.GatedParamInitializer.BIAS_KEY;
import static io.seqspark.models.layers.GatedParamInitializer.RECURRENT_BIAS_KEY;
import static io.seqspark.models.layers.GatedParamInitializer.RECURRENT_WEIGHT_KEY;
import static io.seqspark.models.layers.GatedParamInitializer.WEIGHT_KEY;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * Forward and backward pass of {@link GRU}, written with ND4J ops in the style of DL4J's LSTMHelpers: the input
 * projection of all time steps is one gemm, then one recurrent gemm per step.
 */
public class GRULayer extends TimeMajorRecurrentLayer<GRU> {
    public static final String STATE_KEY = "h";

    public GRULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Per step t, row block t of each [T·m, n] buffer. */
    private static final class GruPass extends Pass {
        INDArray states;    // [(T+1)·m, n]: block 0 is the initial state, block t+1 the state after step t
        INDArray rPre, zPre, nPre;     // pre-activations, null for sigmoid gates / tanh activation
        INDArray r, z, n;
        INDArray hn;        // reset-after: h·Un + bhn; reset-before: r ⊙ h

        @Override
        Map<String, INDArray> finalState(long steps, long m) {
            return Map.of(STATE_KEY, block(states, steps, m));
        }
    }

    @Override
    Pass forward(Map<String, INDArray> initialState, boolean training, ArrayType keep,
                 LayerWorkspaceMgr workspaceMgr) {
        GRU c = layerConf();
        long m = input.size(0);
        long steps = input.size(2);
        long n = c.getNOut();
        DataType dt = input.dataType();
        ArrayType temp = keep == ArrayType.BP_WORKING_MEM ? keep : ArrayType.FF_WORKING_MEM;
        IActivation act = c.getActivationFn();
        IActivation gate = c.getGateActivationFn();

        INDArray w = getParamWithNoise(WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(BIAS_KEY, training, workspaceMgr);
        INDArray rb = c.isResetAfter() ? getParamWithNoise(RECURRENT_BIAS_KEY, training, workspaceMgr) : null;
        INDArray rwRz = columns(rw, 0, 2 * n);
        INDArray rwN = columns(rw, 2 * n, 3 * n);

        GruPass f = new GruPass();
        f.x2d = timeMajorInput(keep, workspaceMgr);
        INDArray xProj = inputProjection(f.x2d, w, b, temp, workspaceMgr);
        f.states = workspaceMgr.create(keep, dt, new long[]{(steps + 1) * m, n}, 'c');
        if (initialState != null) {
            block(f.states, 0, m).assign(initialState.get(STATE_KEY));
        }
        long[] shape = {steps * m, n};
        // Pre-activations are kept only for activations whose derivative needs them (not sigmoid or tanh).
        boolean keepGatePre = needsPreActivation(gate);
        boolean keepActPre = needsPreActivation(act);
        f.rPre = keepGatePre ? workspaceMgr.createUninitialized(keep, dt, shape, 'c') : null;
        f.zPre = keepGatePre ? workspaceMgr.createUninitialized(keep, dt, shape, 'c') : null;
        f.nPre = keepActPre ? workspaceMgr.createUninitialized(keep, dt, shape, 'c') : null;
        f.r = workspaceMgr.createUninitialized(keep, dt, shape, 'c');
        f.z = workspaceMgr.createUninitialized(keep, dt, shape, 'c');
        f.n = workspaceMgr.createUninitialized(keep, dt, shape, 'c');
        f.hn = workspaceMgr.createUninitialized(keep, dt, shape, 'c');
        f.out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dt, new long[]{m, n, steps}, 'f');
        // Reset-after: one recurrent gemm for all three blocks; reset-before: r and z only (n needs r ⊙ h first).
        INDArray recurrent = c.isResetAfter() ? rw : rwRz;
        INDArray hProj = workspaceMgr.createUninitialized(temp, dt, new long[]{m, recurrent.size(1)}, 'c');
        if (c.isResetAfter() && FusedKernels.cover(dt, act, gate)) {
            forwardFused(f, xProj, hProj, rw, rb, steps, m, n, temp, workspaceMgr);
            return f;
        }

        for (long t = 0; t < steps; t++) {
            INDArray hPrev = block(f.states, t, m);
            INDArray x = block(xProj, t, m);
            INDArray r = block(f.r, t, m);
            INDArray z = block(f.z, t, m);
            INDArray nt = block(f.n, t, m);
            INDArray hn = block(f.hn, t, m);

            Nd4j.gemm(hPrev, recurrent, hProj, false, false, 1.0, 0.0);
            r.assign(columns(x, 0, n)).addi(columns(hProj, 0, n));
            z.assign(columns(x, n, 2 * n)).addi(columns(hProj, n, 2 * n));
            if (keepGatePre) {
                block(f.rPre, t, m).assign(r);
                block(f.zPre, t, m).assign(z);
            }
            gate.getActivation(r, training);   // in place
            gate.getActivation(z, training);
            if (c.isResetAfter()) {
                hn.assign(columns(hProj, 2 * n, 3 * n)).addiRowVector(rb);
                nt.assign(hn).muli(r);
            } else {
                hn.assign(r).muli(hPrev);
                Nd4j.gemm(hn, rwN, nt, false, false, 1.0, 0.0);
            }
            nt.addi(columns(x, 2 * n, 3 * n));
            if (keepActPre) {
                block(f.nPre, t, m).assign(nt);
            }
            act.getActivation(nt, training);

            // h' = n + z ⊙ (h_{t-1} - n); a masked step keeps h_{t-1} and outputs zeros.
            INDArray hNew = block(f.states, t + 1, m);
            hNew.assign(hPrev).subi(nt).muli(z).addi(nt);
            INDArray outT = f.out.get(all(), all(), point(t));
            INDArray mask = maskColumn(t, m, dt);
            if (mask != null) {
                outT.assign(hNew.mulColumnVector(mask));
                hNew.subi(hPrev).muliColumnVector(mask).addi(hPrev);
            } else {
                outT.assign(hNew);
            }
        }
        return f;
    }

    private static INDArray pre(INDArray kept, long t, long m) {
        return kept == null ? null : block(kept, t, m);
    }

    @Override
    Pair<Gradient, INDArray> backward(Pass pass, INDArray epsilon, long end, LayerWorkspaceMgr workspaceMgr) {
        GruPass f = (GruPass) pass;
        GRU c = layerConf();
        long m = input.size(0);
        long steps = input.size(2);
        long n = c.getNOut();
        DataType dt = input.dataType();
        IActivation act = c.getActivationFn();
        IActivation gate = c.getGateActivationFn();

        INDArray w = getParamWithNoise(WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rwRz = columns(rw, 0, 2 * n);
        INDArray rwN = columns(rw, 2 * n, 3 * n);
        INDArray gW = gradientViews.get(WEIGHT_KEY);
        INDArray gRW = gradientViews.get(RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(BIAS_KEY);
        INDArray gRB = c.isResetAfter() ? gradientViews.get(RECURRENT_BIAS_KEY) : null;

        // dL/d(input projection) for all steps; steps outside the TBPTT window stay zero.
        INDArray dXproj = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dt, new long[]{steps * m, 3 * n}, 'c');
        INDArray dHproj = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, 3 * n}, 'c');
        if (c.isResetAfter() && FusedKernels.cover(dt, act, gate)) {
            backwardFused(f, epsilon, dXproj, dHproj, rw, gRW, gRB, end, steps, m, n, workspaceMgr);
            Nd4j.gemm(f.x2d, dXproj, gW, true, false, 1.0, 0.0);
            columnSums(dXproj, gB, workspaceMgr);
            return new Pair<>(parameterGradients(), inputGradient(dXproj, w, m, steps, workspaceMgr));
        }
        INDArray dhNext = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dhPrev = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dhNew = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');

        for (long t = steps - 1; t >= end; t--) {
            INDArray hPrev = block(f.states, t, m);
            INDArray r = block(f.r, t, m);
            INDArray z = block(f.z, t, m);
            INDArray nt = block(f.n, t, m);
            INDArray hn = block(f.hn, t, m);
            INDArray mask = maskColumn(t, m, dt);

            // h_t = mask ? h' : h_{t-1};  out_t = mask ⊙ h'
            dhNew.assign(epsilon.get(all(), all(), point(t))).addi(dhNext);
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
            INDArray dnPre = activationGradient(act, nt, pre(f.nPre, t, m), dn);
            INDArray dzPre = activationGradient(gate, z, pre(f.zPre, t, m), dz);

            INDArray dX = block(dXproj, t, m);
            columns(dX, n, 2 * n).assign(dzPre);
            columns(dX, 2 * n, 3 * n).assign(dnPre);
            if (c.isResetAfter()) {
                // n = act(xn + r ⊙ hn), hn = h_{t-1}·Un + bhn
                INDArray drPre = activationGradient(gate, r, pre(f.rPre, t, m), dnPre.mul(hn));
                INDArray dHn = dnPre.mul(r);
                gRB.addi(dHn.sum(true, 0));
                columns(dHproj, 0, n).assign(drPre);
                columns(dHproj, n, 2 * n).assign(dzPre);
                columns(dHproj, 2 * n, 3 * n).assign(dHn);
                Nd4j.gemm(hPrev, dHproj, gRW, true, false, 1.0, 1.0);
                Nd4j.gemm(dHproj, rw, dhPrev, false, true, 1.0, 1.0);
                columns(dX, 0, n).assign(drPre);
            } else {
                // n = act(xn + (r ⊙ h_{t-1})·Un), hn holds r ⊙ h_{t-1}
                INDArray dRh = dnPre.mmul(rwN.transpose());
                columns(gRW, 2 * n, 3 * n).addi(hn.transpose().mmul(dnPre));
                dhPrev.addi(dRh.mul(r));
                INDArray drPre = activationGradient(gate, r, pre(f.rPre, t, m), dRh.mul(hPrev));
                INDArray dHrz = columns(dHproj, 0, 2 * n);
                columns(dHrz, 0, n).assign(drPre);
                columns(dHrz, n, 2 * n).assign(dzPre);
                columns(gRW, 0, 2 * n).addi(hPrev.transpose().mmul(dHrz));
                dhPrev.addi(dHrz.mmul(rwRz.transpose()));
                columns(dX, 0, n).assign(drPre);
            }
            dhNext.assign(dhPrev);
        }

        // Input-side gradients for all steps at once.
        Nd4j.gemm(f.x2d, dXproj, gW, true, false, 1.0, 0.0);
        columnSums(dXproj, gB, workspaceMgr);
        INDArray epsOut = inputGradient(dXproj, w, m, steps, workspaceMgr);

        return new Pair<>(parameterGradients(), epsOut);
    }

    /** Forward through all steps with {@link VectorGruKernel}: per step one gemm and one fused element-wise pass. */
    private void forwardFused(GruPass f, INDArray xProj, INDArray hProj, INDArray rw, INDArray rb, long steps, long m,
                              long n, ArrayType temp, LayerWorkspaceMgr workspaceMgr) {
        INDArray outputs = workspaceMgr.createUninitialized(temp, DataType.FLOAT, new long[]{steps * m, n}, 'c');
        FloatView x = new FloatView(xProj);
        FloatView h = new FloatView(hProj);
        FloatView r = new FloatView(f.r);
        FloatView z = new FloatView(f.z);
        FloatView nn = new FloatView(f.n);
        FloatView hn = new FloatView(f.hn);
        FloatView states = new FloatView(f.states);
        FloatView out = new FloatView(outputs);
        float[] hnBias = rb.toFloatVector();
        float[][] masks = stepMasks(steps, m);
        RawGemm.Matrix statesM = RawGemm.Matrix.of(f.states);
        RawGemm.Matrix rwM = RawGemm.Matrix.of(rw);
        RawGemm.Matrix hProjM = RawGemm.Matrix.of(hProj);
        for (long t = 0; t < steps; t++) {
            RawGemm.gemm(statesM.rows(t * m, m), false, rwM, false, 1f, 0f, hProjM);
            VectorGruKernel.forwardStep(x, h, hnBias, r, z, nn, hn, states, out, masks == null ? null : masks[(int) t],
                    t, (int) m, (int) n);
        }
        fromTimeMajor(outputs, f.out);
    }

    /** Backward through steps [end, T) with {@link VectorGruKernel}; fills dXproj and the recurrent gradients. */
    private void backwardFused(GruPass f, INDArray epsilon, INDArray dXproj, INDArray dHproj, INDArray rw,
                               INDArray gRW, INDArray gRB, long end, long steps, long m, long n,
                               LayerWorkspaceMgr workspaceMgr) {
        INDArray eps = timeMajor(epsilon, workspaceMgr);
        INDArray[] dh = {workspaceMgr.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[]{m, n}, 'c'),
                workspaceMgr.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[]{m, n}, 'c')};
        FloatView[] dhV = {new FloatView(dh[0]), new FloatView(dh[1])};
        FloatView r = new FloatView(f.r);
        FloatView z = new FloatView(f.z);
        FloatView nn = new FloatView(f.n);
        FloatView hn = new FloatView(f.hn);
        FloatView states = new FloatView(f.states);
        FloatView epsV = new FloatView(eps);
        FloatView dX = new FloatView(dXproj);
        FloatView dH = new FloatView(dHproj);
        float[] hnBiasGrad = new float[(int) n];
        float[][] masks = stepMasks(steps, m);
        RawGemm.Matrix statesM = RawGemm.Matrix.of(f.states);
        RawGemm.Matrix dHM = RawGemm.Matrix.of(dHproj);
        RawGemm.Matrix rwM = RawGemm.Matrix.of(rw);
        RawGemm.Matrix gRWM = RawGemm.Matrix.of(gRW);
        RawGemm.Matrix[] dhM = {RawGemm.Matrix.of(dh[0]), RawGemm.Matrix.of(dh[1])};
        int next = 0;   // dh[next]: the gradient arriving from step t+1; dh[1 - next] receives step t's
        for (long t = steps - 1; t >= end; t--) {
            int prev = 1 - next;
            VectorGruKernel.backwardStep(r, z, nn, hn, states, epsV, dhV[next], dX, dH, dhV[prev], hnBiasGrad,
                    masks == null ? null : masks[(int) t], t, (int) m, (int) n);
            RawGemm.gemm(statesM.rows(t * m, m), true, dHM, false, 1f, 1f, gRWM);
            RawGemm.gemm(dHM, false, rwM, true, 1f, 1f, dhM[prev]);
            next = prev;
        }
        gRB.addi(Nd4j.createFromArray(hnBiasGrad).reshape(gRB.shape()));
    }
}
