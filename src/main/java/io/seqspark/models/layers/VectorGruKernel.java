package io.seqspark.models.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static io.seqspark.models.layers.FloatView.S;
import static io.seqspark.models.layers.VectorLstmKernel.sigmoid;

/**
 * The element-wise part of one reset-after GRU time step (sigmoid gates, tanh activation, FLOAT), forward and
 * backward, fused into one Vector API pass per step, as {@link VectorLstmKernel} does for the LSTM. Equations
 * (cuDNN/PyTorch/Keras {@code reset_after=True}): {@code r = σ(xr + hr)}, {@code z = σ(xz + hz)},
 * {@code hn = h·Un + bhn}, {@code n = tanh(xn + r ⊙ hn)}, {@code h' = n + z ⊙ (h - n)}.
 *
 * <p>Layouts (c-order): input projection {@code [T·m, 3n]} (blocks r, z, n), the step's recurrent projection
 * {@code h·U} {@code [m, 3n]}, kept gates and {@code hn} {@code [T·m, n]}, states {@code [(T+1)·m, n]}.
 */
final class VectorGruKernel {
    private VectorGruKernel() {
    }

    /**
     * Forward step t.
     *
     * @param hnBias the recurrent bias of the candidate block (bhn), length n
     * @param out    [T·m, n] time-major outputs (h' times the mask)
     */
    static void forwardStep(FloatView xProj, FloatView hProj, float[] hnBias, FloatView rKept, FloatView zKept,
                            FloatView nKept, FloatView hnKept, FloatView states, FloatView out, float[] mask, long t,
                            int m, int n) {
        int bound = S.loopBound(n);
        long n3 = 3L * n;
        for (int row = 0; row < m; row++) {
            long x0 = (t * m + row) * n3;
            long h0 = (long) row * n3;
            long step = (t * m + row) * (long) n;
            long sPrev = step;
            long sNew = sPrev + (long) m * n;
            float mu = mask == null ? 1f : mask[row];
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector r = sigmoid(xProj.load(x0 + j).add(hProj.load(h0 + j)));
                FloatVector z = sigmoid(xProj.load(x0 + n + j).add(hProj.load(h0 + n + j)));
                FloatVector hn = hProj.load(h0 + 2L * n + j).add(FloatVector.fromArray(S, hnBias, j));
                FloatVector nn = xProj.load(x0 + 2L * n + j).add(r.mul(hn)).lanewise(VectorOperators.TANH);
                rKept.store(r, step + j);
                zKept.store(z, step + j);
                nKept.store(nn, step + j);
                hnKept.store(hn, step + j);
                FloatVector hPrev = states.load(sPrev + j);
                FloatVector hNew = hPrev.sub(nn).mul(z).add(nn);
                out.store(hNew.mul(mu), step + j);
                states.store(mask == null ? hNew : hNew.sub(hPrev).mul(mu).add(hPrev), sNew + j);
            }
            for (; j < n; j++) {
                float r = sigmoid(xProj.get(x0 + j) + hProj.get(h0 + j));
                float z = sigmoid(xProj.get(x0 + n + j) + hProj.get(h0 + n + j));
                float hn = hProj.get(h0 + 2L * n + j) + hnBias[j];
                float nn = (float) Math.tanh(xProj.get(x0 + 2L * n + j) + r * hn);
                rKept.put(step + j, r);
                zKept.put(step + j, z);
                nKept.put(step + j, nn);
                hnKept.put(step + j, hn);
                float hPrev = states.get(sPrev + j);
                float hNew = (hPrev - nn) * z + nn;
                out.put(step + j, hNew * mu);
                states.put(sNew + j, hPrev + mu * (hNew - hPrev));
            }
        }
    }

    /**
     * Backward step t, everything but the gemms: fills the step's input-projection gradient ({@code dX}, [T·m, 3n]),
     * the recurrent-projection gradient ({@code dH}, [m, 3n]), the part of dh_{t-1} that bypasses the recurrent
     * weights ({@code dhPrev}) and adds the column sums of dL/dhn to {@code hnBiasGrad}.
     */
    static void backwardStep(FloatView rKept, FloatView zKept, FloatView nKept, FloatView hnKept, FloatView states,
                             FloatView eps, FloatView dhNext, FloatView dX, FloatView dH, FloatView dhPrev,
                             float[] hnBiasGrad, float[] mask, long t, int m, int n) {
        int bound = S.loopBound(n);
        long n3 = 3L * n;
        for (int row = 0; row < m; row++) {
            long x0 = (t * m + row) * n3;
            long h0 = (long) row * n3;
            long step = (t * m + row) * (long) n;
            long own = (long) row * n;
            float mu = mask == null ? 1f : mask[row];
            float keep = 1f - mu;
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector dIn = dhNext.load(own + j);
                FloatVector dh = eps.load(step + j).add(dIn).mul(mu);
                FloatVector r = rKept.load(step + j);
                FloatVector z = zKept.load(step + j);
                FloatVector nn = nKept.load(step + j);
                FloatVector hn = hnKept.load(step + j);
                FloatVector hPrev = states.load(step + j);
                FloatVector dnPre = dh.mul(z.neg().add(1f)).mul(nn.mul(nn).neg().add(1f));
                FloatVector dzPre = dh.mul(hPrev.sub(nn)).mul(z).mul(z.neg().add(1f));
                FloatVector drPre = dnPre.mul(hn).mul(r).mul(r.neg().add(1f));
                FloatVector dHn = dnPre.mul(r);
                dhPrev.store(dIn.mul(keep).add(dh.mul(z)), own + j);
                dX.store(drPre, x0 + j);
                dX.store(dzPre, x0 + n + j);
                dX.store(dnPre, x0 + 2L * n + j);
                dH.store(drPre, h0 + j);
                dH.store(dzPre, h0 + n + j);
                dH.store(dHn, h0 + 2L * n + j);
                FloatVector.fromArray(S, hnBiasGrad, j).add(dHn).intoArray(hnBiasGrad, j);
            }
            for (; j < n; j++) {
                float dIn = dhNext.get(own + j);
                float dh = (eps.get(step + j) + dIn) * mu;
                float r = rKept.get(step + j);
                float z = zKept.get(step + j);
                float nn = nKept.get(step + j);
                float hn = hnKept.get(step + j);
                float hPrev = states.get(step + j);
                float dnPre = dh * (1f - z) * (1f - nn * nn);
                float dzPre = dh * (hPrev - nn) * z * (1f - z);
                float drPre = dnPre * hn * r * (1f - r);
                float dHn = dnPre * r;
                dhPrev.put(own + j, dIn * keep + dh * z);
                dX.put(x0 + j, drPre);
                dX.put(x0 + n + j, dzPre);
                dX.put(x0 + 2L * n + j, dnPre);
                dH.put(h0 + j, drPre);
                dH.put(h0 + n + j, dzPre);
                dH.put(h0 + 2L * n + j, dHn);
                hnBiasGrad[j] += dHn;
            }
        }
    }
}
