package io.seqspark.models.losses;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The pinball (quantile) loss, {@code rho_tau(u) = max(tau * u, (tau - 1) * u)} with {@code u = y - q} (Koenker &
 * Bassett 1978), whose minimiser is the tau-quantile of y. Output column c forecasts level
 * {@code levels[c % levels.length]}: the levels of one value are consecutive, as {@link NonCrossingQuantiles} groups
 * them, and the labels repeat each actual value once per level. Averaged over the columns of an example (as DL4J's
 * MSE is), summed or averaged over the minibatch as DL4J asks.
 */
public class PinballLoss implements ILossFunction {
    private double[] levels;

    /** For DL4J's JSON configuration. */
    public PinballLoss() {
    }

    public PinballLoss(double... levels) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("at least one quantile level");
        }
        for (double l : levels) {
            if (!(l > 0 && l < 1)) {
                throw new IllegalArgumentException("quantile levels must lie in (0, 1), found " + l);
            }
        }
        this.levels = levels.clone();
    }

    public double[] getLevels() {
        return levels;
    }

    public void setLevels(double[] levels) {
        this.levels = levels;
    }

    /** tau of every output column, as a row vector. */
    private INDArray taus(long columns, DataType type) {
        if (columns % levels.length != 0) {
            throw new IllegalArgumentException("expected outputs in groups of " + levels.length + " quantile levels, "
                    + "found " + columns + " columns");
        }
        double[] tau = new double[(int) columns];
        for (int c = 0; c < tau.length; c++) {
            tau[c] = levels[c % levels.length];
        }
        return Nd4j.create(tau, new long[]{1, columns}, 'c').castTo(type);
    }

    private INDArray output(INDArray labels, INDArray preOutput, IActivation activation) {
        if (!Arrays.equals(labels.shape(), preOutput.shape())) {
            throw new IllegalArgumentException("labels " + Arrays.toString(labels.shape()) + " and outputs "
                    + Arrays.toString(preOutput.shape()) + " differ: repeat each label once per quantile level");
        }
        return activation.getActivation(preOutput.dup(), true);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        INDArray u = labels.castTo(preOutput.dataType()).sub(output(labels, preOutput, activation));
        INDArray tau = taus(u.size(1), u.dataType());
        INDArray loss = Transforms.max(u.mulRowVector(tau), u.mulRowVector(tau.sub(1)), false);
        return applyMask(loss, mask).sum(true, 1).divi(u.size(1));
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask,
                               boolean average) {
        double score = computeScoreArray(labels, preOutput, activation, mask).sumNumber().doubleValue();
        return average ? score / labels.size(0) : score;
    }

    /** dL/dq = -tau where y > q, 1 - tau elsewhere (a subgradient at the kink), then back through the activation. */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        INDArray u = labels.castTo(preOutput.dataType()).sub(output(labels, preOutput, activation));
        INDArray tau = taus(u.size(1), u.dataType());
        INDArray above = u.gt(0).castTo(u.dataType());
        INDArray dLdq = above.negi().addiRowVector(tau.rsub(1)).divi(u.size(1));
        INDArray grad = activation.backprop(preOutput.dup(), dLdq).getFirst();
        return applyMask(grad, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activation,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activation, mask, average),
                computeGradient(labels, preOutput, activation, mask));
    }

    /** A per-example ([n, 1]) or per-output ([n, columns]) mask. */
    private static INDArray applyMask(INDArray a, INDArray mask) {
        if (mask == null) {
            return a;
        }
        INDArray m = mask.castTo(a.dataType());
        return m.size(1) == 1 && a.size(1) != 1 ? a.muliColumnVector(m) : a.muli(m);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PinballLoss other && Arrays.equals(other.levels, levels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(levels);
    }

    @Override
    public String toString() {
        return "PinballLoss(" + Arrays.toString(levels) + ")";
    }
}
