package io.seqspark.vectorize;

import org.apache.spark.api.java.JavaRDD;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-feature scaling {@code x' = (x - shift) / scale}, fitted on the training split only so that no statistic
 * of validation or test data leaks into training.
 *
 * @param kind standard (mean / population standard deviation), minmax (to [0, 1]) or none
 */
public record FeatureScaler(String kind, double[] shift, double[] scale) implements Serializable {

    public static FeatureScaler fit(String kind, JavaRDD<LabeledSequence> train, int features) {
        if (kind.equals("none")) {
            double[] ones = new double[features];
            Arrays.fill(ones, 1);
            return new FeatureScaler(kind, new double[features], ones);
        }
        return fromMoments(kind, train.treeAggregate(new Moments(features), Moments::add, Moments::merge));
    }

    /** Fitted on the steps of one sequence (per-series scaling). */
    public static FeatureScaler fitOne(String kind, LabeledSequence s, int features) {
        if (kind.equals("none")) {
            return fit(kind, null, features);
        }
        return fromMoments(kind, new Moments(features).add(s));
    }

    private static FeatureScaler fromMoments(String kind, Moments m) {
        if (m.count == 0) {
            throw new IllegalStateException("cannot fit a scaler on an empty training split");
        }
        int features = m.sum.length;
        double[] shift = new double[features];
        double[] scale = new double[features];
        for (int f = 0; f < features; f++) {
            if (kind.equals("standard")) {
                double mean = m.sum[f] / m.count;
                double variance = Math.max(0, m.sumSquares[f] / m.count - mean * mean);
                shift[f] = mean;
                scale[f] = Math.sqrt(variance);
            } else {
                shift[f] = m.min[f];
                scale[f] = m.max[f] - m.min[f];
            }
            // A constant feature carries no information; leave it centred instead of dividing by zero.
            if (!(scale[f] > 1e-12)) {
                scale[f] = 1;
            }
        }
        return new FeatureScaler(kind, shift, scale);
    }

    public float[][] apply(float[][] steps) {
        float[][] out = new float[steps.length][];
        for (int t = 0; t < steps.length; t++) {
            out[t] = new float[steps[t].length];
            for (int f = 0; f < steps[t].length; f++) {
                out[t][f] = (float) ((steps[t][f] - shift[f]) / scale[f]);
            }
        }
        return out;
    }

    public double apply(int feature, double value) {
        return (value - shift[feature]) / scale[feature];
    }

    public double invert(int feature, double scaled) {
        return scaled * scale[feature] + shift[feature];
    }

    /** Count, sums, sums of squares, minima and maxima of each feature over all steps. */
    static final class Moments implements Serializable {
        long count;
        final double[] sum;
        final double[] sumSquares;
        final double[] min;
        final double[] max;

        Moments(int features) {
            sum = new double[features];
            sumSquares = new double[features];
            min = new double[features];
            max = new double[features];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        Moments add(LabeledSequence s) {
            for (float[] step : s.steps()) {
                count++;
                for (int f = 0; f < sum.length; f++) {
                    double x = step[f];
                    sum[f] += x;
                    sumSquares[f] += x * x;
                    min[f] = Math.min(min[f], x);
                    max[f] = Math.max(max[f], x);
                }
            }
            return this;
        }

        Moments merge(Moments o) {
            count += o.count;
            for (int f = 0; f < sum.length; f++) {
                sum[f] += o.sum[f];
                sumSquares[f] += o.sumSquares[f];
                min[f] = Math.min(min[f], o.min[f]);
                max[f] = Math.max(max[f], o.max[f]);
            }
            return this;
        }
    }
}
