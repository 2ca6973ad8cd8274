package io.seqspark.vectorize;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scalers of a forecasting job: one global scaler, and with {@code sequence.scaling-scope = series} one per
 * series, all fitted on training periods only. A series without a training period (or unseen at training time)
 * uses the global scaler.
 *
 * @param perSeries series id to scaler; empty for global scaling
 * @param transform what the target columns go through before their scaler (null in models saved before it
 *                  existed: none)
 */
public record SeriesScalers(FeatureScaler global, Map<String, FeatureScaler> perSeries, TargetTransform transform)
        implements Serializable {

    public SeriesScalers(FeatureScaler global, Map<String, FeatureScaler> perSeries) {
        this(global, perSeries, null);
    }

    @Override
    public TargetTransform transform() {
        return transform != null ? transform : TargetTransform.none(0);
    }

    /** @param trainingPeriods the training period of every series (see ForecastWindows.trainingPeriods) */
    public static SeriesScalers fit(String kind, JavaRDD<LabeledSequence> trainingPeriods, int features,
                                    boolean perSeries) {
        FeatureScaler global = FeatureScaler.fit(kind, trainingPeriods, features);
        Map<String, FeatureScaler> bySeries = new TreeMap<>();
        if (perSeries) {
            // Small summaries (a few numbers per series) are all that reach the driver.
            bySeries.putAll(trainingPeriods.mapToPair(s -> new Tuple2<>(s.id(), FeatureScaler.fitOne(kind, s,
                    features))).collectAsMap());
        }
        return new SeriesScalers(global, bySeries);
    }

    /**
     * Scalers fitted on the training periods after {@code transform}: the target columns' scalers see transformed
     * values. With level normalisation the targets are ratios to their window's level, already of order 1 and
     * different in every window, so their scalers are the identity; covariates are scaled as always.
     */
    public static SeriesScalers fit(String kind, JavaRDD<LabeledSequence> trainingPeriods, int features,
                                    boolean perSeries, TargetTransform transform, int targets) {
        JavaRDD<LabeledSequence> seen = (transform.transforms() || transform.difference() > 0)
                && !transform.normalizes() ? trainingPeriods.map(s -> transformed(s, transform, targets))
                .filter(s -> s.length() > 0) : trainingPeriods;
        SeriesScalers fitted = fit(kind, seen, features, perSeries);
        if (!transform.normalizes()) {
            return new SeriesScalers(fitted.global(), fitted.perSeries(), transform);
        }
        Map<String, FeatureScaler> bySeries = new TreeMap<>();
        fitted.perSeries().forEach((id, s) -> bySeries.put(id, identityTargets(s, targets)));
        return new SeriesScalers(identityTargets(fitted.global(), targets), bySeries, transform);
    }

    /** The targets transformed and, with seasonal differencing, differenced (the first season's steps dropped). */
    private static LabeledSequence transformed(LabeledSequence s, TargetTransform transform, int targets) {
        int lag = transform.difference();
        float[][] steps = new float[Math.max(0, s.length() - lag)][];
        for (int t = 0; t < steps.length; t++) {
            steps[t] = s.steps()[t + lag].clone();
            for (int j = 0; j < targets; j++) {
                double z = transform.forward(j, steps[t][j]);
                steps[t][j] = (float) (lag == 0 ? z : z - transform.forward(j, s.steps()[t][j]));
            }
        }
        return new LabeledSequence(s.id(), s.label(), steps);
    }

    private static FeatureScaler identityTargets(FeatureScaler s, int targets) {
        double[] shift = Arrays.copyOf(s.shift(), s.shift().length);
        double[] scale = Arrays.copyOf(s.scale(), s.scale().length);
        for (int j = 0; j < targets; j++) {
            shift[j] = 0;
            scale[j] = 1;
        }
        return new FeatureScaler(s.kind(), shift, scale);
    }

    public FeatureScaler forSeries(String id) {
        FeatureScaler s = perSeries.get(id);
        return s != null ? s : global;
    }
}
