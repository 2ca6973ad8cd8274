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
import static io.seqspark.models.layers.GatedParamInitializer.RECURRENT_WEIGHT_KEY;
import static io.seqspark.models.layers.GatedParamInitializer.WEIGHT_KEY;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/** Forward and backward pass of {@link MaskedLSTM}: one input gemm for all steps, one recurrent gemm per step. */
public class MaskedLSTMLayer extends TimeMajorRecurrentLayer<MaskedLSTM> {
    public static final String HIDDEN_KEY = "h";
    public static final String CELL_KEY = "c";

    public MaskedLSTMLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Per step t, row block t of each [T·m, ·] buffer. */
    private static final class LstmPass extends Pass {
        INDArray hStates;   // [(T+1)·m, n]: block 0 initial, block t+1 after step t
        INDArray cStates;   // same for the cell state
        INDArray pre;       // [T·m, 4n] gate pre-activations (i, f, o, g)
        INDArray gates;     // [T·m, 4n] gate activations
        INDArray cAct;      // [T·m, n] act(c') of the unmasked update

        @Override
        Map<String, INDArray> finalState(long steps, long m) {
            return Map.of(HIDDEN_KEY, block(hStates, steps, m), CELL_KEY, block(cStates, steps, m));
        }
    }

    @Override
    Pass forward(Map<String, INDArray> initialState, boolean training, ArrayType keep,
                 LayerWorkspaceMgr workspaceMgr) {
        MaskedLSTM c = layerConf();
        long m = input.size(0);
        long steps = input.size(2);
        long n = c.getNOut();
        DataType dt = input.dataType();
        IActivation act = c.getActivationFn();
        IActivation gate = c.getGateActivationFn();

        INDArray w = getParamWithNoise(WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(BIAS_KEY, training, workspaceMgr);

        LstmPass f = new LstmPass();
        f.x2d = timeMajorInput(keep, workspaceMgr);
        f.pre = inputProjection(f.x2d, w, b, keep, workspaceMgr);
        f.gates = workspaceMgr.createUninitialized(keep, dt, new long[]{steps * m, 4 * n}, 'c');
        f.cAct = workspaceMgr.createUninitialized(keep, dt, new long[]{steps * m, n}, 'c');
        f.hStates = workspaceMgr.create(keep, dt, new long[]{(steps + 1) * m, n}, 'c');
        f.cStates = workspaceMgr.create(keep, dt, new long[]{(steps + 1) * m, n}, 'c');
        if (initialState != null) {
            block(f.hStates, 0, m).assign(initialState.get(HIDDEN_KEY));
            block(f.cStates, 0, m).assign(initialState.get(CELL_KEY));
        }
        f.out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dt, new long[]{m, n, steps}, 'f');
        if (FusedKernels.cover(dt, act, gate)) {
            forwardFused(f, rw, steps, m, n, c.isCellOutput(), workspaceMgr);
            return f;
        }

        for (long t = 0; t < steps; t++) {
            INDArray hPrev = block(f.hStates, t, m);
            INDArray cPrev = block(f.cStates, t, m);
            INDArray pre = block(f.pre, t, m);
            Nd4j.gemm(hPrev, rw, pre, false, false, 1.0, 1.0);
            INDArray g = block(f.gates, t, m);
            g.assign(pre);
            gate.getActivation(columns(g, 0, 3 * n), training);   // in place
            act.getActivation(columns(g, 3 * n, 4 * n), training);
            INDArray i = columns(g, 0, n);
            INDArray fg = columns(g, n, 2 * n);
            INDArray o = columns(g, 2 * n, 3 * n);
            INDArray cand = columns(g, 3 * n, 4 * n);

            INDArray cNew = block(f.cStates, t + 1, m);
            cNew.assign(cPrev).muli(fg).addi(i.mul(cand));
            INDArray cAct = block(f.cAct, t, m);
            act.getActivation(cAct.assign(cNew), training);
            INDArray hNew = block(f.hStates, t + 1, m);
            hNew.assign(cAct).muli(o);

            INDArray outT = f.out.get(all(), all(), point(t));
            INDArray produced = c.isCellOutput() ? cNew : hNew;
            INDArray mask = maskColumn(t, m, dt);
            if (mask != null) {
                outT.assign(produced.mulColumnVector(mask));
                // A masked step keeps the previous state.
                hNew.subi(hPrev).muliColumnVector(mask).addi(hPrev);
                cNew.subi(cPrev).muliColumnVector(mask).addi(cPrev);
            } else {
                outT.assign(produced);
            }
        }
        return f;
    }

    @Override
    Pair<Gradient, INDArray> backward(Pass pass, INDArray epsilon, long end, LayerWorkspaceMgr workspaceMgr) {
        LstmPass f = (LstmPass) pass;
        MaskedLSTM c = layerConf();
        long m = input.size(0);
        long steps = input.size(2);
        long n = c.getNOut();
        DataType dt = input.dataType();
        IActivation act = c.getActivationFn();
        IActivation gate = c.getGateActivationFn();

        INDArray w = getParamWithNoise(WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray gW = gradientViews.get(WEIGHT_KEY);
        INDArray gRW = gradientViews.get(RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(BIAS_KEY);

        INDArray dPre = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dt, new long[]{steps * m, 4 * n}, 'c');
        if (FusedKernels.cover(dt, act, gate)) {
            backwardFused(f, epsilon, dPre, rw, gRW, end, steps, m, n, c.isCellOutput(), workspaceMgr);
            Nd4j.gemm(f.x2d, dPre, gW, true, false, 1.0, 0.0);
            columnSums(dPre, gB, workspaceMgr);
            return new Pair<>(parameterGradients(), inputGradient(dPre, w, m, steps, workspaceMgr));
        }
        INDArray dhNext = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dcNext = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dhNew = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dcNew = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dhPrev = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');
        INDArray dcPrev = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[]{m, n}, 'c');

        for (long t = steps - 1; t >= end; t--) {
            INDArray hPrev = block(f.hStates, t, m);
            INDArray cPrev = block(f.cStates, t, m);
            INDArray g = block(f.gates, t, m);
            INDArray i = columns(g, 0, n);
            INDArray fg = columns(g, n, 2 * n);
            INDArray o = columns(g, 2 * n, 3 * n);
            INDArray cand = columns(g, 3 * n, 4 * n);
            INDArray cAct = block(f.cAct, t, m);
            INDArray epsT = epsilon.get(all(), all(), point(t));
            INDArray mask = maskColumn(t, m, dt);

            // Gradients arriving at this step's (unmasked) h' and c'.
            dhNew.assign(dhNext);
            dcNew.assign(dcNext);
            (c.isCellOutput() ? dcNew : dhNew).addi(epsT);
            if (mask != null) {
                INDArray keep = mask.rsub(1.0);
                dhPrev.assign(dhNext).muliColumnVector(keep);
                dcPrev.assign(dcNext).muliColumnVector(keep);
                dhNew.muliColumnVector(mask);
                dcNew.muliColumnVector(mask);
            } else {
                dhPrev.assign(0);
                dcPrev.assign(0);
            }
            // h' = o ⊙ act(c'),  c' = f ⊙ c + i ⊙ g
            INDArray cNewPre = needsPreActivation(act) ? cPrev.mul(fg).addi(i.mul(cand)) : null;
            INDArray dO = dhNew.mul(cAct);
            dcNew.addi(activationGradient(act, cAct, cNewPre, dhNew.mul(o)));
            INDArray dF = dcNew.mul(cPrev);
            INDArray dI = dcNew.mul(cand);
            INDArray dG = dcNew.mul(i);
            dcPrev.addi(dcNew.mul(fg));

            INDArray pre = block(f.pre, t, m);
            INDArray d = block(dPre, t, m);
            columns(d, 0, n).assign(activationGradient(gate, i, columns(pre, 0, n), dI));
            columns(d, n, 2 * n).assign(activationGradient(gate, fg, columns(pre, n, 2 * n), dF));
            columns(d, 2 * n, 3 * n).assign(activationGradient(gate, o, columns(pre, 2 * n, 3 * n), dO));
            columns(d, 3 * n, 4 * n).assign(activationGradient(act, cand, columns(pre, 3 * n, 4 * n), dG));

            Nd4j.gemm(hPrev, d, gRW, true, false, 1.0, 1.0);
            Nd4j.gemm(d, rw, dhPrev, false, true, 1.0, 1.0);
            dhNext.assign(dhPrev);
            dcNext.assign(dcPrev);
        }

        Nd4j.gemm(f.x2d, dPre, gW, true, false, 1.0, 0.0);
        columnSums(dPre, gB, workspaceMgr);
        INDArray epsOut = inputGradient(dPre, w, m, steps, workspaceMgr);

        return new Pair<>(parameterGradients(), epsOut);
    }

    /** Forward through all steps with {@link VectorLstmKernel}: per step one gemm and one fused element-wise pass. */
    private void forwardFused(LstmPass f, INDArray rw, long steps, long m, long n, boolean cellOutput,
                              LayerWorkspaceMgr workspaceMgr) {
        INDArray outputs = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, DataType.FLOAT,
                new long[]{steps * m, n}, 'c');
        FloatView pre = new FloatView(f.pre);
        FloatView gates = new FloatView(f.gates);
        FloatView h = new FloatView(f.hStates);
        FloatView cs = new FloatView(f.cStates);
        FloatView cAct = new FloatView(f.cAct);
        FloatView out = new FloatView(outputs);
        float[][] masks = stepMasks(steps, m);
        RawGemm.Matrix hM = RawGemm.Matrix.of(f.hStates);
        RawGemm.Matrix preM = RawGemm.Matrix.of(f.pre);
        RawGemm.Matrix rwM = RawGemm.Matrix.of(rw);
        for (long t = 0; t < steps; t++) {
            RawGemm.gemm(hM.rows(t * m, m), false, rwM, false, 1f, 1f, preM.rows(t * m, m));
            VectorLstmKernel.forwardStep(pre, gates, h, cs, cAct, out, masks == null ? null : masks[(int) t], t,
                    (int) m, (int) n, cellOutput);
        }
        fromTimeMajor(outputs, f.out);
    }

    /** Backward through steps [end, T) with {@link VectorLstmKernel}; fills dPre and the recurrent weight gradient. */
    private void backwardFused(LstmPass f, INDArray epsilon, INDArray dPre, INDArray rw, INDArray gRW, long end,
                               long steps, long m, long n, boolean cellOutput, LayerWorkspaceMgr workspaceMgr) {
        INDArray eps = timeMajor(epsilon, workspaceMgr);
        INDArray[] dh = {workspaceMgr.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[]{m, n}, 'c'),
                workspaceMgr.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[]{m, n}, 'c')};
        INDArray[] dc = {workspaceMgr.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[]{m, n}, 'c'),
                workspaceMgr.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[]{m, n}, 'c')};
        FloatView[] dhF = {new FloatView(dh[0]), new FloatView(dh[1])};
        FloatView[] dcF = {new FloatView(dc[0]), new FloatView(dc[1])};
        FloatView gates = new FloatView(f.gates);
        FloatView cs = new FloatView(f.cStates);
        FloatView cAct = new FloatView(f.cAct);
        FloatView epsF = new FloatView(eps);
        FloatView d = new FloatView(dPre);
        float[][] masks = stepMasks(steps, m);
        RawGemm.Matrix hM = RawGemm.Matrix.of(f.hStates);
        RawGemm.Matrix dM = RawGemm.Matrix.of(dPre);
        RawGemm.Matrix rwM = RawGemm.Matrix.of(rw);
        RawGemm.Matrix gRWM = RawGemm.Matrix.of(gRW);
        RawGemm.Matrix[] dhM = {RawGemm.Matrix.of(dh[0]), RawGemm.Matrix.of(dh[1])};
        int next = 0;   // dh[next], dc[next]: gradients arriving from step t+1; the other pair receives step t's
        for (long t = steps - 1; t >= end; t--) {
            int prev = 1 - next;
            VectorLstmKernel.backwardStep(gates, cs, cAct, epsF, dhF[next], dcF[next], d, dhF[prev], dcF[prev],
                    masks == null ? null : masks[(int) t], t, (int) m, (int) n, cellOutput);
            RawGemm.Matrix dBlock = dM.rows(t * m, m);
            RawGemm.gemm(hM.rows(t * m, m), true, dBlock, false, 1f, 1f, gRWM);
            RawGemm.gemm(dBlock, false, rwM, true, 1f, 1f, dhM[prev]);
            next = prev;
        }
    }
}
