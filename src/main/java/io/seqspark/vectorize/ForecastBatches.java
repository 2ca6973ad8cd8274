package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Packs forecasting windows into DL4J minibatches on the executors: features [batch, inputs, lookback] (NCW),
 * scaled with the window's series scaler; labels [batch, horizon * targets], forecast step k of target j at
 * k * targets + j. A target value goes through the window's level (sequence.window.normalize), the target
 * transform (sequence.transform) and then its scaler ({@link #target}); {@link #invert} undoes the three. With
 * {@code sequence.window.origin = last}, each target column's inputs and labels are then taken relative to the
 * window's last input value of that column. With model.quantiles (Q levels) every label is repeated Q times,
 * [batch, horizon * targets * Q], in the network's output layout (see {@link Quantiles}), and each level is
 * inverted on its own by the same path.
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
        TargetTransform transform = scalers.transform();
        int lag = transform.difference();
        // With seasonal differencing the first season of the window has no difference: the network reads the rest.
        int steps = spec.lookback() - lag;
        int inputs = batch.get(0).inputs()[0].length;
        int targets = spec.targets();
        int horizon = spec.horizon();
        int levels = spec.outputsPerValue();
        float[] x = new float[n * inputs * steps];
        float[] y = new float[n * horizon * targets * levels];
        for (int i = 0; i < n; i++) {
            ForecastWindow w = batch.get(i);
            FeatureScaler scaler = scalers.forSeries(w.series());
            Seen seen = seen(w, scaler, transform, spec);
            for (int t = 0; t < steps; t++) {
                for (int f = 0; f < inputs; f++) {
                    double v = f < targets ? seen.inputs[t + lag][f] - seen.origin[f]
                            : scaler.apply(f, w.inputs()[t + lag][f]);
                    x[(i * inputs + f) * steps + t] = (float) v;
                }
            }
            if (w.targets() != null) {
                for (int k = 0; k < horizon; k++) {
                    for (int j = 0; j < targets; j++) {
                        double z = transform.forward(j, w.targets()[k][j] / seen.level[j]);
                        double d = lag == 0 ? z : z - seen.transformedAt(k - lag, j);
                        seen.forecast[k][j] = z;
                        int at = ((i * horizon + k) * targets + j) * levels;
                        java.util.Arrays.fill(y, at, at + levels, (float) (scaler.apply(j, d) - seen.origin[j]));
                    }
                }
            }
        }
        INDArray features = Nd4j.create(x, new long[]{n, inputs, steps}, 'c');
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
        return invertLevel(output, 1, 0, w, scalers, spec);
    }

    /**
     * Every quantile of a window's forecasts on the original scale: [horizon][targets][levels]. Each level is
     * inverted like a point forecast (origin, scaler, seasonal integration along its own path, transform and
     * level), every step of which is increasing, so the levels stay in order.
     */
    public static float[][][] invertQuantiles(float[] output, ForecastWindow w, SeriesScalers scalers,
                                              JobConfig.ForecastSpec spec) {
        int levels = spec.outputsPerValue();
        float[][][] out = new float[spec.horizon()][spec.targets()][levels];
        for (int l = 0; l < levels; l++) {
            float[][] level = invertLevel(output, levels, l, w, scalers, spec);
            for (int k = 0; k < out.length; k++) {
                for (int j = 0; j < out[k].length; j++) {
                    out[k][j][l] = level[k][j];
                }
            }
        }
        return out;
    }

    /** Level {@code l} of {@code levels} of the network's output row, back on the original scale. */
    private static float[][] invertLevel(float[] output, int levels, int l, ForecastWindow w, SeriesScalers scalers,
                                         JobConfig.ForecastSpec spec) {
        FeatureScaler scaler = scalers.forSeries(w.series());
        TargetTransform transform = scalers.transform();
        int lag = transform.difference();
        Seen seen = seen(w, scaler, transform, spec);
        int targets = spec.targets();
        float[][] out = new float[spec.horizon()][targets];
        for (int k = 0; k < out.length; k++) {
            for (int j = 0; j < targets; j++) {
                double d = scaler.invert(j, output[(k * targets + j) * levels + l] + seen.origin[j]);
                // Integrated back step by step: a step more than a season ahead adds to an earlier forecast.
                double z = lag == 0 ? d : d + seen.transformedAt(k - lag, j);
                seen.forecast[k][j] = z;
                out[k][j] = (float) (seen.level[j] * transform.inverse(j, z));
            }
        }
        return out;
    }

    /**
     * One window's targets on the way to the network: the level, the transformed inputs (z), what the network
     * sees of them (scaled, seasonally differenced where set; valid from step lag on) and the origin they are taken
     * relative to; forecast holds the transformed forecast steps once known.
     */
    private static final class Seen {
        final double[] level;
        final double[][] transformed;
        final double[][] inputs;
        final double[] origin;
        final double[][] forecast;

        Seen(int lookback, int horizon, int targets) {
            level = new double[targets];
            transformed = new double[lookback][targets];
            inputs = new double[lookback][targets];
            origin = new double[targets];
            forecast = new double[horizon][targets];
        }

        /** The transformed value at forecast step k (negative: input step lookback + k). */
        double transformedAt(int k, int j) {
            return k < 0 ? transformed[transformed.length + k][j] : forecast[k][j];
        }
    }

    private static Seen seen(ForecastWindow w, FeatureScaler scaler, TargetTransform transform,
                             JobConfig.ForecastSpec spec) {
        int targets = spec.targets();
        int lookback = w.inputs().length;
        int lag = transform.difference();
        Seen s = new Seen(lookback, spec.horizon(), targets);
        for (int j = 0; j < targets; j++) {
            s.level[j] = transform.level(w.inputs(), j);
            for (int t = 0; t < lookback; t++) {
                s.transformed[t][j] = transform.forward(j, w.inputs()[t][j] / s.level[j]);
            }
            for (int t = lag; t < lookback; t++) {
                s.inputs[t][j] = scaler.apply(j, lag == 0 ? s.transformed[t][j]
                        : s.transformed[t][j] - s.transformed[t - lag][j]);
            }
            s.origin[j] = spec.relative() ? s.inputs[lookback - 1][j] : 0;
        }
        return s;
    }

    /** Each member's output rows for a batch (one network: a one-member ensemble): [member][window][outputs]. */
    public static float[][][] outputs(List<MultiLayerNetwork> members, List<ForecastWindow> batch,
                                      SeriesScalers scalers, JobConfig.ForecastSpec spec) {
        INDArray features = toDataSet(batch, scalers, spec).getFeatures();
        float[][][] out = new float[members.size()][batch.size()][];
        for (int m = 0; m < members.size(); m++) {
            INDArray p = members.get(m).output(features, false);
            for (int i = 0; i < batch.size(); i++) {
                out[m][i] = p.getRow(i).toFloatVector();
            }
        }
        return out;
    }

    /**
     * The forecasts of every member of an ensemble (one network: a one-member ensemble) for a batch, on the original
     * scale: {@code [member][window][horizon][targets]}; the ensemble's forecast is their {@link #mean}.
     */
    public static float[][][][] forecasts(List<MultiLayerNetwork> members, List<ForecastWindow> batch,
                                          SeriesScalers scalers, JobConfig.ForecastSpec spec) {
        return forecasts(outputs(members, batch, scalers, spec), batch, scalers, spec);
    }

    /** {@link #forecasts} from the members' {@link #outputs}. */
    public static float[][][][] forecasts(float[][][] outputs, List<ForecastWindow> batch, SeriesScalers scalers,
                                          JobConfig.ForecastSpec spec) {
        float[][][][] out = new float[outputs.length][batch.size()][][];
        for (int m = 0; m < outputs.length; m++) {
            for (int i = 0; i < batch.size(); i++) {
                out[m][i] = invert(outputs[m][i], batch.get(i), scalers, spec);
            }
        }
        return out;
    }

    /**
     * With model.quantiles, the members' mean of each quantile of window {@code i} on the original scale (quantile
     * averaging; one member: its own): [horizon][targets][levels].
     */
    public static float[][][] meanQuantiles(float[][][] outputs, int i, ForecastWindow w, SeriesScalers scalers,
                                            JobConfig.ForecastSpec spec) {
        float[][][] mean = null;
        for (float[][] member : outputs) {
            float[][][] q = invertQuantiles(member[i], w, scalers, spec);
            if (mean == null) {
                mean = new float[q.length][q[0].length][q[0][0].length];
            }
            for (int k = 0; k < q.length; k++) {
                for (int j = 0; j < q[k].length; j++) {
                    for (int l = 0; l < q[k][j].length; l++) {
                        mean[k][j][l] += q[k][j][l] / outputs.length;
                    }
                }
            }
        }
        return mean;
    }

    /** The members' mean forecast of window {@code i}: [horizon][targets]. */
    public static float[][] mean(float[][][][] forecasts, int i) {
        float[][] first = forecasts[0][i];
        float[][] mean = new float[first.length][first[0].length];
        for (float[][][] member : forecasts) {
            for (int k = 0; k < mean.length; k++) {
                for (int j = 0; j < mean[k].length; j++) {
                    mean[k][j] += member[i][k][j] / forecasts.length;
                }
            }
        }
        return mean;
    }
}
