package io.seqspark.ml;

import io.seqspark.config.TaskType;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Learns to forecast series: step rows (one row per series and time) with {@code timeCol}, numeric
 * {@code targetCols} (forecast, and inputs) and optional numeric {@code featureCols} (covariates), grouped by
 * {@code idCol} (unset: one series). Windows of {@code lookback} steps predict the next {@code horizon}; the last
 * {@code testFraction} of every series is held out and scored against the naive and exponential-smoothing
 * baselines into {@link SequenceForecastModel#summary()}. The code of {@code seqspark train} with task = forecast;
 * param names follow its keys (setLookback = sequence.window.lookback, ...), defaults those of conf/reference.conf.
 *
 * <pre>{@code
 * SequenceForecastModel model = new SequenceForecaster().setIdCol("store").setTimeCol("day")
 *         .setTargetCols("sales").setLookback(28).setHorizon(7).setUnits(32).fit(history);
 * model.transform(history); // one row per series and step: store, step, sales_forecast, reason
 * }</pre>
 */
public final class SequenceForecaster extends SeqSparkEstimator<SequenceForecaster, SequenceForecastModel>
        implements SequenceForecasterParams {

    public SequenceForecaster() {
        this(Identifiable$.MODULE$.randomUID("sequenceForecaster"));
    }

    public SequenceForecaster(String uid) {
        super(uid);
    }

    @Override
    protected Map<String, Object> taskSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("task", TaskType.FORECAST.key());
        return s;
    }

    @Override
    protected SequenceForecastModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new SequenceForecastModel(uid, bundle, summary);
    }

    /** @throws IllegalArgumentException a column param unset, missing or not numeric */
    @Override
    public StructType transformSchema(StructType schema) {
        return SequenceForecastModel.outputSchema(this, schema, getQuantiles());
    }

    public static MLReader<SequenceForecaster> read() {
        return new DefaultParamsReader<>();
    }

    public static SequenceForecaster load(String path) {
        return read().load(path);
    }

    public SequenceForecaster setIdCol(String value) {
        set(idCol(), value);
        return this;
    }

    public SequenceForecaster setTimeCol(String value) {
        set(timeCol(), value);
        return this;
    }

    public SequenceForecaster setTargetCols(String... value) {
        set(targetCols(), value);
        return this;
    }

    public SequenceForecaster setFeatureCols(String... value) {
        set(featureCols(), value);
        return this;
    }

    public SequenceForecaster setLookback(int value) {
        set(lookback(), value);
        return this;
    }

    public SequenceForecaster setHorizon(int value) {
        set(horizon(), value);
        return this;
    }

    public SequenceForecaster setStride(int value) {
        set(stride(), value);
        return this;
    }

    public SequenceForecaster setWindowOrigin(String value) {
        set(windowOrigin(), value);
        return this;
    }

    public SequenceForecaster setSeason(int value) {
        set(season(), value);
        return this;
    }

    public SequenceForecaster setScaling(String value) {
        set(scaling(), value);
        return this;
    }

    public SequenceForecaster setScalingScope(String value) {
        set(scalingScope(), value);
        return this;
    }

    public SequenceForecaster setMissing(String value) {
        set(missing(), value);
        return this;
    }

    public SequenceForecaster setFrequency(String value) {
        set(frequency(), value);
        return this;
    }

    public SequenceForecaster setGaps(String value) {
        set(gaps(), value);
        return this;
    }

    public SequenceForecaster setFutureCols(String... value) {
        set(futureCols(), value);
        return this;
    }

    public SequenceForecaster setStaticCols(String... value) {
        set(staticCols(), value);
        return this;
    }

    public SequenceForecaster setCalendar(String... value) {
        set(calendar(), value);
        return this;
    }

    public SequenceForecaster setTargetTransform(String value) {
        set(targetTransform(), value);
        return this;
    }

    public SequenceForecaster setSeasonalDifference(boolean value) {
        set(seasonalDifference(), value);
        return this;
    }

    public SequenceForecaster setWindowNormalize(String value) {
        set(windowNormalize(), value);
        return this;
    }

    public SequenceForecaster setQuantiles(double... value) {
        set(quantiles(), value);
        return this;
    }

    public SequenceForecaster setEnsemble(int value) {
        set(ensemble(), value);
        return this;
    }

    public SequenceForecaster setTimeZone(String value) {
        set(timeZone(), value);
        return this;
    }
}
