package io.seqspark.models.losses;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Output activation of a quantile forecaster: the outputs come in groups of {@code levels} consecutive columns (the
 * levels of one forecast value, lowest first) and each group becomes the lowest level plus cumulated softplus
 * increments, {@code q_0 = z_0, q_i = q_(i-1) + softplus(z_i)}, so the quantiles never cross, whatever the weights.
 * A plain group-wise function of the pre-activations: DL4J's loss functions call it forward and backward, so the
 * pinball loss (or any other) trains through it and {@code output()} returns ordered quantiles.
 */
public class NonCrossingQuantiles extends BaseActivationFunction {
    private int levels;

    /** For DL4J's JSON configuration. */
    public NonCrossingQuantiles() {
    }

    public NonCrossingQuantiles(int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be at least 1, found " + levels);
        }
        this.levels = levels;
    }

    public int getLevels() {
        return levels;
    }

    public void setLevels(int levels) {
        this.levels = levels;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        double[] z = flat(in);
        double[] q = new double[z.length];
        for (int g = 0; g < z.length; g += levels) {
            q[g] = z[g];
            for (int i = 1; i < levels; i++) {
                q[g + i] = q[g + i - 1] + softplus(z[g + i]);
            }
        }
        // In place, as DL4J's own activations do: the result stays in the layer's workspace.
        return in.assign(Nd4j.create(q, in.shape(), 'c').castTo(in.dataType()));
    }

    /** dL/dz_i = softplus'(z_i) * sum_(j >= i) dL/dq_j, and dL/dz_0 = sum_j dL/dq_j. */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        double[] z = flat(in);
        double[] e = flat(epsilon);
        double[] dz = new double[z.length];
        for (int g = 0; g < z.length; g += levels) {
            double tail = 0;
            for (int i = levels - 1; i >= 0; i--) {
                tail += e[g + i];
                dz[g + i] = i == 0 ? tail : tail * sigmoid(z[g + i]);
            }
        }
        return new Pair<>(in.assign(Nd4j.create(dz, in.shape(), 'c').castTo(in.dataType())), null);
    }

    private double[] flat(INDArray a) {
        if (a.rank() != 2 || a.size(1) % levels != 0) {
            throw new IllegalArgumentException("expected [minibatch, values x " + levels + " quantile levels], found "
                    + java.util.Arrays.toString(a.shape()));
        }
        return Nd4j.toFlattened('c', a).toDoubleVector();
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NonCrossingQuantiles other && other.levels == levels;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(levels) * 31 + 7;
    }

    @Override
    public String toString() {
        return "noncrossingquantiles(" + levels + ")";
    }
}
