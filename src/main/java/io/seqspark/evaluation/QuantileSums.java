package io.seqspark.evaluation;

import io.seqspark.report.QuantileScores;
import io.seqspark.vectorize.Quantiles;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Running sums of quantile forecasts on the original scale, mergeable across partitions: pinball loss and the share
 * of actual values at or below each level, and for each central interval (q, 1 - q) how often it holds the actual
 * value and its width. The weighted quantile loss is GluonTS's mean_wQuantileLoss: per level
 * {@code 2 * sum(pinball) / sum(|actual|)}, averaged over the levels (at 0.5 it is the sum of absolute errors over
 * the sum of absolute actuals; averaged over many levels it approximates the CRPS, scaled).
 */
final class QuantileSums implements Serializable {
    private final List<Double> levels;
    private final List<int[]> intervals;
    long count;
    double absActual;
    final double[] pinball;
    final long[] below;
    final long[] covered;
    final double[] width;
    /** Forecasts whose levels were out of order anywhere (the output layer rules it out: a check). */
    long crossed;

    QuantileSums(List<Double> levels) {
        this.levels = levels;
        this.intervals = Quantiles.centralIntervals(levels);
        pinball = new double[levels.size()];
        below = new long[levels.size()];
        covered = new long[intervals.size()];
        width = new double[intervals.size()];
    }

    /** @param q one forecast's values, one per level, ascending levels */
    void add(double actual, float[] q) {
        count++;
        absActual += Math.abs(actual);
        for (int l = 0; l < q.length; l++) {
            double u = actual - q[l];
            double tau = levels.get(l);
            pinball[l] += Math.max(tau * u, (tau - 1) * u);
            if (actual <= q[l]) {
                below[l]++;
            }
            if (l > 0 && q[l] < q[l - 1]) {
                crossed++;
            }
        }
        for (int i = 0; i < intervals.size(); i++) {
            double lo = q[intervals.get(i)[0]];
            double hi = q[intervals.get(i)[1]];
            if (actual >= lo && actual <= hi) {
                covered[i]++;
            }
            width[i] += hi - lo;
        }
    }

    QuantileSums merge(QuantileSums o) {
        count += o.count;
        absActual += o.absActual;
        crossed += o.crossed;
        for (int l = 0; l < pinball.length; l++) {
            pinball[l] += o.pinball[l];
            below[l] += o.below[l];
        }
        for (int i = 0; i < covered.length; i++) {
            covered[i] += o.covered[i];
            width[i] += o.width[i];
        }
        return this;
    }

    double weightedQuantileLoss() {
        double sum = 0;
        for (double p : pinball) {
            sum += 2 * p / absActual;
        }
        return sum / pinball.length;
    }

    /** report.json's quantile section of the test metrics. */
    QuantileScores scores() {
        boolean scored = count > 0 && absActual > 0;
        List<QuantileScores.Level> perLevel = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
            // A calibrated level q has about q of the actual values at or below it.
            perLevel.add(new QuantileScores.Level(levels.get(l), scored ? 2 * pinball[l] / absActual : null,
                    count == 0 ? null : pinball[l] / count, count == 0 ? null : below[l] / (double) count));
        }
        List<QuantileScores.Interval> central = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            double lo = levels.get(intervals.get(i)[0]);
            double hi = levels.get(intervals.get(i)[1]);
            central.add(new QuantileScores.Interval(lo, hi, Math.round((hi - lo) * 1e9) / 1e9,
                    count == 0 ? null : covered[i] / (double) count, count == 0 ? null : width[i] / count));
        }
        return new QuantileScores(levels, Quantiles.medianDescription(levels), count,
                scored ? weightedQuantileLoss() : null, perLevel, central, crossed);
    }
}
