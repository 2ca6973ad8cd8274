package io.seqspark.models.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise part of one LSTM time step (sigmoid gates, tanh cell activation, FLOAT), forward and backward,
 * fused into one pass over the step's rows with the JDK's Vector API (SIMD lanes, {@code EXP}/{@code TANH} from the
 * JIT's vector math library) instead of about 25 separate ND4J operations per step, each with a fixed cost of tens of
 * microseconds. Only the gemms stay with ND4J. Loaded only where {@code jdk.incubator.vector} is in the boot layer
 * ({@link FusedKernels#available()}); {@link MaskedLSTMLayer} otherwise runs its ND4J-operation path, which this
 * kernel must equal (FusedKernelEquivalenceTest).
 *
 * <p>Layouts (all c-order, contiguous): pre-activations and gates {@code [T·m, 4n]} with gate blocks i, f, o, g;
 * states {@code [(T+1)·m, n]}; per-step {@code [m, n]} matrices. A row's mask value {@code μ} blends the new state
 * with the old one ({@code s = s_prev + μ (s' - s_prev)}, so μ = 0 keeps the state) and scales the output.
 */
final class VectorLstmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorLstmKernel() {
    }

    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /**
     * Forward step t: gates from the pre-activations (which already hold x·W + b + h·R), the new cell and hidden state
     * (blended by the row's mask), act(c') of the unmasked update, and the step's output row block.
     *
     * @param mask per-row mask values of step t, or null when every row is real
     * @param out  [T·m, n] time-major outputs (h', or c' for cell output, times the mask)
     */
    static void forwardStep(FloatView pre, FloatView gates, FloatView h, FloatView c, FloatView cAct, FloatView out, float[] mask,
                            long t, int m, int n, boolean cellOutput) {
        int bound = S.loopBound(n);
        long n4 = 4L * n;
        for (int r = 0; r < m; r++) {
            long g0 = (t * m + r) * n4;           // row r of step t in the gate buffers
            long sPrev = (t * m + r) * (long) n;   // row r of block t in the state buffers
            long sNew = sPrev + (long) m * n;      // row r of block t+1
            long step = (t * m + r) * (long) n;    // row r of step t in [T·m, n] buffers
            float mu = mask == null ? 1f : mask[r];
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector i = sigmoid(pre.load(g0 + j));
                FloatVector f = sigmoid(pre.load(g0 + n + j));
                FloatVector o = sigmoid(pre.load(g0 + 2L * n + j));
                FloatVector g = pre.load(g0 + 3L * n + j).lanewise(VectorOperators.TANH);
                gates.store(i, g0 + j);
                gates.store(f, g0 + n + j);
                gates.store(o, g0 + 2L * n + j);
                gates.store(g, g0 + 3L * n + j);
                FloatVector cPrev = c.load(sPrev + j);
                FloatVector cNew = f.mul(cPrev).add(i.mul(g));
                FloatVector ca = cNew.lanewise(VectorOperators.TANH);
                cAct.store(ca, step + j);
                FloatVector hNew = o.mul(ca);
                out.store((cellOutput ? cNew : hNew).mul(mu), step + j);
                if (mask == null) {
                    c.store(cNew, sNew + j);
                    h.store(hNew, sNew + j);
                } else {
                    FloatVector hPrev = h.load(sPrev + j);
                    c.store(cNew.sub(cPrev).mul(mu).add(cPrev), sNew + j);
                    h.store(hNew.sub(hPrev).mul(mu).add(hPrev), sNew + j);
                }
            }
            for (; j < n; j++) {
                float i = sigmoid(pre.get(g0 + j));
                float f = sigmoid(pre.get(g0 + n + j));
                float o = sigmoid(pre.get(g0 + 2L * n + j));
                float g = (float) Math.tanh(pre.get(g0 + 3L * n + j));
                gates.put(g0 + j, i);
                gates.put(g0 + n + j, f);
                gates.put(g0 + 2L * n + j, o);
                gates.put(g0 + 3L * n + j, g);
                float cPrev = c.get(sPrev + j);
                float cNew = f * cPrev + i * g;
                float ca = (float) Math.tanh(cNew);
                cAct.put(step + j, ca);
                float hNew = o * ca;
                out.put(step + j, (cellOutput ? cNew : hNew) * mu);
                float hPrev = h.get(sPrev + j);
                c.put(sNew + j, cPrev + mu * (cNew - cPrev));
                h.put(sNew + j, hPrev + mu * (hNew - hPrev));
            }
        }
    }

    /**
     * Backward step t, everything but the gemms: from the gradients arriving from step t+1 ({@code dhNext},
     * {@code dcNext}) and the step's output gradient ({@code eps}, [T·m, n] time-major), the gate pre-activation
     * gradients of step t ({@code dPre}, [T·m, 4n]) and the parts of dh_{t-1} and dc_{t-1} that do not go through the
     * recurrent weights ({@code dhPrev}: what a masked row passes on unchanged; {@code dcPrev}: that plus f ⊙ dc').
     */
    static void backwardStep(FloatView gates, FloatView c, FloatView cAct, FloatView eps, FloatView dhNext, FloatView dcNext,
                             FloatView dPre, FloatView dhPrev, FloatView dcPrev, float[] mask, long t, int m, int n,
                             boolean cellOutput) {
        int bound = S.loopBound(n);
        long n4 = 4L * n;
        for (int r = 0; r < m; r++) {
            long g0 = (t * m + r) * n4;
            long sPrev = (t * m + r) * (long) n;
            long step = sPrev;
            long row = (long) r * n;
            float mu = mask == null ? 1f : mask[r];
            float keep = 1f - mu;
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector e = eps.load(step + j);
                FloatVector dhIn = dhNext.load(row + j);
                FloatVector dcIn = dcNext.load(row + j);
                FloatVector dh = (cellOutput ? dhIn : dhIn.add(e)).mul(mu);
                FloatVector dc = (cellOutput ? dcIn.add(e) : dcIn).mul(mu);
                FloatVector i = gates.load(g0 + j);
                FloatVector f = gates.load(g0 + n + j);
                FloatVector o = gates.load(g0 + 2L * n + j);
                FloatVector g = gates.load(g0 + 3L * n + j);
                FloatVector ca = cAct.load(step + j);
                FloatVector dO = dh.mul(ca);
                dc = dc.add(dh.mul(o).mul(ca.mul(ca).neg().add(1f)));
                FloatVector dF = dc.mul(c.load(sPrev + j));
                FloatVector dI = dc.mul(g);
                FloatVector dG = dc.mul(i);
                dcPrev.store(dcIn.mul(keep).add(dc.mul(f)), row + j);
                dhPrev.store(dhIn.mul(keep), row + j);
                dPre.store(dI.mul(i).mul(i.neg().add(1f)), g0 + j);
                dPre.store(dF.mul(f).mul(f.neg().add(1f)), g0 + n + j);
                dPre.store(dO.mul(o).mul(o.neg().add(1f)), g0 + 2L * n + j);
                dPre.store(dG.mul(g.mul(g).neg().add(1f)), g0 + 3L * n + j);
            }
            for (; j < n; j++) {
                float e = eps.get(step + j);
                float dhIn = dhNext.get(row + j);
                float dcIn = dcNext.get(row + j);
                float dh = (cellOutput ? dhIn : dhIn + e) * mu;
                float dc = (cellOutput ? dcIn + e : dcIn) * mu;
                float i = gates.get(g0 + j);
                float f = gates.get(g0 + n + j);
                float o = gates.get(g0 + 2L * n + j);
                float g = gates.get(g0 + 3L * n + j);
                float ca = cAct.get(step + j);
                float dO = dh * ca;
                dc += dh * o * (1f - ca * ca);
                float dF = dc * c.get(sPrev + j);
                float dI = dc * g;
                float dG = dc * i;
                dcPrev.put(row + j, dcIn * keep + dc * f);
                dhPrev.put(row + j, dhIn * keep);
                dPre.put(g0 + j, dI * i * (1f - i));
                dPre.put(g0 + n + j, dF * f * (1f - f));
                dPre.put(g0 + 2L * n + j, dO * o * (1f - o));
                dPre.put(g0 + 3L * n + j, dG * (1f - g * g));
            }
        }
    }
}
