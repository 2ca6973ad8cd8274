package io.seqspark.vectorize;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scalers of a forecasting job: one global scaler, and with {@code sequence.scaling-scope = series} one per
 * series, all fitted on training periods only. A series without a training period (or unseen at training time)
 * uses the global scaler.
 *
 * @param perSeries series id to scaler; empty for global scaling
 */
public record SeriesScalers(FeatureScaler global, Map<String, FeatureScaler> perSeries) implements Serializable {

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

    public FeatureScaler forSeries(String id) {
        FeatureScaler s = perSeries.get(id);
        return s != null ? s : global;
    }
}
