package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Packs forecasting windows into DL4J minibatches on the executors: features [batch, inputs, lookback] (NCW),
 * scaled with the window's series scaler; labels [batch, horizon * targets], forecast step k of target j at
 * k * targets + j. With model.quantiles (Q levels) every label is repeated Q times, [batch, horizon * targets * Q],
 * in the network's output layout (see {@link Quantiles}). With {@code sequence.window.origin = last}, each target
 * column's inputs and labels are taken relative to the window's last (scaled) input value of that column.
 */
public final class ForecastBatches {
    private ForecastBatches() {
    }

    public static JavaRDD<DataSet> batches(JavaRDD<ForecastWindow> windows, SeriesScalers scalers,
                                           JobConfig.ForecastSpec spec, int batchSize) {
        return windows.mapPartitions(it -> Chunks.map(it, batchSize, batch -> toDataSet(batch, scalers, spec)));
    }

    public static DataSet toDataSet(List<ForecastWindow> batch, SeriesScalers scalers, JobConfig.ForecastSpec spec) {
        int n = batch.size();
        int lookback = spec.lookback();
        int inputs = batch.get(0).inputs()[0].length;
        int targets = spec.targets();
        int horizon = spec.horizon();
        int levels = spec.outputsPerValue();
        float[] x = new float[n * inputs * lookback];
        float[] y = new float[n * horizon * targets * levels];
        for (int i = 0; i < n; i++) {
            ForecastWindow w = batch.get(i);
            FeatureScaler scaler = scalers.forSeries(w.series());
            double[] origin = origin(w, scaler, spec);
            for (int t = 0; t < lookback; t++) {
                for (int f = 0; f < inputs; f++) {
                    double v = scaler.apply(f, w.inputs()[t][f]) - (f < targets ? origin[f] : 0);
                    x[(i * inputs + f) * lookback + t] = (float) v;
                }
            }
            if (w.targets() != null) {
                for (int k = 0; k < horizon; k++) {
                    for (int j = 0; j < targets; j++) {
                        float v = (float) (scaler.apply(j, w.targets()[k][j]) - origin[j]);
                        int at = ((i * horizon + k) * targets + j) * levels;
                        java.util.Arrays.fill(y, at, at + levels, v);
                    }
                }
            }
        }
        INDArray features = Nd4j.create(x, new long[]{n, inputs, lookback}, 'c');
        INDArray labels = Nd4j.create(y, new long[]{n, (long) horizon * targets * levels}, 'c');
        return new DataSet(features, labels);
    }

    /**
     * The network's point forecasts for a window, back on the original scale: [horizon][targets]. With quantiles,
     * the median (see {@link Quantiles#median}).
     */
    public static float[][] invert(float[] output, ForecastWindow w, SeriesScalers scalers,
                                   JobConfig.ForecastSpec spec) {
        if (spec.probabilistic()) {
            float[][][] q = invertQuantiles(output, w, scalers, spec);
            float[][] out = new float[spec.horizon()][spec.targets()];
            for (int k = 0; k < out.length; k++) {
                for (int j = 0; j < out[k].length; j++) {
                    out[k][j] = (float) Quantiles.median(spec.quantileLevels(), q[k][j]);
                }
            }
            return out;
        }
        FeatureScaler scaler = scalers.forSeries(w.series());
        double[] origin = origin(w, scaler, spec);
        int targets = spec.targets();
        float[][] out = new float[spec.horizon()][targets];
        for (int k = 0; k < out.length; k++) {
            for (int j = 0; j < targets; j++) {
                out[k][j] = (float) scaler.invert(j, output[k * targets + j] + origin[j]);
            }
        }
        return out;
    }

    /**
     * Every quantile of a window's forecasts on the original scale: [horizon][targets][levels]. Each is inverted
     * like a point forecast (the window's origin added back, then the scaler's positive scale and shift), a
     * monotone map, so the levels stay in order.
     */
    public static float[][][] invertQuantiles(float[] output, ForecastWindow w, SeriesScalers scalers,
                                              JobConfig.ForecastSpec spec) {
        FeatureScaler scaler = scalers.forSeries(w.series());
        double[] origin = origin(w, scaler, spec);
        int targets = spec.targets();
        int levels = spec.outputsPerValue();
        float[][][] out = new float[spec.horizon()][targets][levels];
        for (int k = 0; k < out.length; k++) {
            for (int j = 0; j < targets; j++) {
                for (int l = 0; l < levels; l++) {
                    out[k][j][l] = (float) scaler.invert(j, output[(k * targets + j) * levels + l] + origin[j]);
                }
            }
        }
        return out;
    }

    /** Per target, the scaled value the window is taken relative to: its last input, or 0 (absolute). */
    private static double[] origin(ForecastWindow w, FeatureScaler scaler, JobConfig.ForecastSpec spec) {
        double[] origin = new double[spec.targets()];
        if (spec.relative()) {
            float[] last = w.inputs()[w.inputs().length - 1];
            for (int j = 0; j < origin.length; j++) {
                origin[j] = scaler.apply(j, last[j]);
            }
        }
        return origin;
    }
}
