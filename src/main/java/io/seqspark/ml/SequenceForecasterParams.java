package io.seqspark.ml;

import io.seqspark.config.Gaps;
import io.seqspark.config.ScalingScope;
import io.seqspark.config.Transform;
import io.seqspark.config.WindowNormalize;
import io.seqspark.config.WindowOrigin;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

import java.util.HashMap;
import java.util.Map;

/** Params of {@link SequenceForecaster} and {@link SequenceForecastModel}: the sequence.* keys of a forecast job. */
public interface SequenceForecasterParams extends SeqSparkParams,
        SharedParams.HasScaling, SharedParams.HasMissing,
        SharedParams.HasTimeZone {
    Map<String, String> FORECAST_KEYS = Map.ofEntries(
            Map.entry("idCol", "sequence.id-column"),
            Map.entry("timeCol", "sequence.time-column"),
            Map.entry("targetCols", "sequence.target-columns"),
            Map.entry("featureCols", "sequence.feature-columns"),
            Map.entry("lookback", "sequence.window.lookback"),
            Map.entry("horizon", "sequence.window.horizon"),
            Map.entry("stride", "sequence.window.stride"),
            Map.entry("windowOrigin", "sequence.window.origin"),
            Map.entry("season", "sequence.season"),
            Map.entry("scaling", "sequence.scaling"),
            Map.entry("scalingScope", "sequence.scaling-scope"),
            Map.entry("missing", "sequence.missing"),
            Map.entry("frequency", "sequence.frequency"),
            Map.entry("gaps", "sequence.gaps"),
            Map.entry("timeZone", "data.time-zone"),
            Map.entry("futureCols", "sequence.future-columns"),
            Map.entry("staticCols", "sequence.static-columns"),
            Map.entry("calendar", "sequence.calendar"),
            Map.entry("targetTransform", "sequence.transform"),
            Map.entry("seasonalDifference", "sequence.seasonal-difference"),
            Map.entry("windowNormalize", "sequence.window.normalize"),
            Map.entry("quantiles", "model.quantiles"),
            Map.entry("ensemble", "training.ensemble"));

    @Override
    default Map<String, String> jobKeys() {
        Map<String, String> keys = new HashMap<>(COMMON_KEYS);
        keys.putAll(FORECAST_KEYS);
        return keys;
    }

    default Param<String> idCol() {
        return new Param<>(this, "idCol", "sequence.id-column: the series of each row; unset: one series");
    }

    default Param<String> timeCol() {
        return new Param<>(this, "timeCol", "sequence.time-column: orders the rows of a series");
    }

    default StringArrayParam targetCols() {
        return new StringArrayParam(this, "targetCols", "sequence.target-columns: the columns forecast");
    }

    default StringArrayParam featureCols() {
        return new StringArrayParam(this, "featureCols", "sequence.feature-columns: covariates fed beside the "
                + "targets");
    }

    default IntParam lookback() {
        return new IntParam(this, "lookback", "sequence.window.lookback: input steps of a window");
    }

    default IntParam horizon() {
        return new IntParam(this, "horizon", "sequence.window.horizon: steps forecast");
    }

    default IntParam stride() {
        return new IntParam(this, "stride", "sequence.window.stride: steps between window starts");
    }

    default Param<String> windowOrigin() {
        return ChoiceParam.of(this, "windowOrigin", "sequence.window.origin", "", WindowOrigin.class);
    }

    default IntParam season() {
        return new IntParam(this, "season", "sequence.season: steps per season for the baselines; 0 = none");
    }

    default Param<String> scalingScope() {
        return ChoiceParam.of(this, "scalingScope", "sequence.scaling-scope",
                "scaler statistics over all series or per series", ScalingScope.class);
    }

    default Param<String> frequency() {
        return new Param<>(this, "frequency", "sequence.frequency, e.g. 1d, 1h, 1mo; unset: each series' most "
                + "common step");
    }

    default Param<String> gaps() {
        return ChoiceParam.of(this, "gaps", "sequence.gaps", "missing time steps", Gaps.class);
    }

    default StringArrayParam futureCols() {
        return new StringArrayParam(this, "futureCols", "sequence.future-columns: numeric covariates known for the "
                + "forecast steps too (transform needs their rows for the horizon after each series' last target)");
    }

    default StringArrayParam staticCols() {
        return new StringArrayParam(this, "staticCols", "sequence.static-columns: numeric columns constant per "
                + "series");
    }

    default StringArrayParam calendar() {
        return new StringArrayParam(this, "calendar", "sequence.calendar: features of timeCol, e.g. month, "
                + "day-of-week, day-of-year, hour");
    }

    default Param<String> targetTransform() {
        return ChoiceParam.of(this, "targetTransform", "sequence.transform",
                "transform of the targets", Transform.class);
    }

    default BooleanParam seasonalDifference() {
        return new BooleanParam(this, "seasonalDifference", "sequence.seasonal-difference: the network learns the "
                + "change from one season earlier (needs season)");
    }

    default Param<String> windowNormalize() {
        return ChoiceParam.of(this, "windowNormalize", "sequence.window.normalize",
                "level = each input window scaled by its own level", WindowNormalize.class);
    }

    default DoubleArrayParam quantiles() {
        return new DoubleArrayParam(this, "quantiles", "model.quantiles: levels in (0, 1), ascending; empty = "
                + "point forecasts. transform adds one <target>_q<level> column per level");
    }

    default IntParam ensemble() {
        return new IntParam(this, "ensemble", "training.ensemble: networks trained with seeds seed, seed + 1, ... "
                + "whose forecasts are averaged");
    }

    default double[] getQuantiles() {
        return (double[]) getOrDefault(quantiles());
    }

    default String[] getTargetCols() {
        return (String[]) getOrDefault(targetCols());
    }

    default String[] getFeatureCols() {
        return (String[]) getOrDefault(featureCols());
    }
}
