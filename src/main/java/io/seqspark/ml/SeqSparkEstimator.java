package io.seqspark.ml;

import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What seqspark's estimators share: the common setters, defaults from conf/reference.conf, and a fit that trains
 * with the same code as {@code seqspark train} (see {@link Fitting}). Persisted with Spark ML's default params
 * writer (metadata only; the estimator holds no fitted state).
 *
 * @param <S> the estimator itself, for chained setters
 * @param <M> its model
 */
public abstract class SeqSparkEstimator<S extends SeqSparkEstimator<S, M>, M extends SeqSparkModel<M>>
        extends Estimator<M> implements SeqSparkParams, DefaultParamsWritable {
    private final String uid;

    protected SeqSparkEstimator(String uid) {
        this.uid = uid;
        setDefault(predictionCol(), "prediction");
        JobKeys.setDefaults(this, jobKeys());
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The task's own job settings (task, and keys that are not params). */
    protected abstract Map<String, Object> taskSettings();

    protected abstract M newModel(String uid, ModelBundle bundle, RunReport summary);

    /**
     * Trains on {@code dataset} (checked by {@link #transformSchema} first) with parameter averaging on the
     * dataset's Spark session, exactly as {@code train} would train on a table of these rows.
     *
     * @throws IllegalArgumentException a column named by a param is missing or of the wrong type
     * @throws io.seqspark.UserError     a param value or the data is invalid (the message names the job-file key)
     */
    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Map<String, Object> settings = new LinkedHashMap<>(JobKeys.settings(this, jobKeys()));
        settings.putAll(taskSettings());
        Fitting.Trained trained = Fitting.train(dataset.toDF(), settings);
        M model = newModel(uid, trained.bundle(), trained.summary());
        return copyValues(model, ParamMap.empty()).setParent(this);
    }

    @Override
    public S copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    public S setPredictionCol(String value) {
        set(predictionCol(), value);
        return self();
    }

    public S setCell(String value) {
        set(cell(), value);
        return self();
    }

    public S setUnits(int... value) {
        set(units(), value);
        return self();
    }

    public S setBidirectional(boolean value) {
        set(bidirectional(), value);
        return self();
    }

    public S setDropout(double value) {
        set(dropout(), value);
        return self();
    }

    public S setDropoutType(String value) {
        set(dropoutType(), value);
        return self();
    }

    public S setLearningRateDecay(double value) {
        set(learningRateDecay(), value);
        return self();
    }

    public S setLearningRateDecayAfter(int value) {
        set(learningRateDecayAfter(), value);
        return self();
    }

    public S setLearningRateSchedule(String value) {
        set(learningRateSchedule(), value);
        return self();
    }

    public S setWarmupEpochs(int value) {
        set(warmupEpochs(), value);
        return self();
    }

    public S setLearningRateScaling(String value) {
        set(learningRateScaling(), value);
        return self();
    }

    public S setGradientClip(double value) {
        set(gradientClip(), value);
        return self();
    }

    public S setGradientClipBy(String value) {
        set(gradientClipBy(), value);
        return self();
    }

    public S setWeightDecay(double value) {
        set(weightDecay(), value);
        return self();
    }

    public S setEpochs(int value) {
        set(epochs(), value);
        return self();
    }

    public S setBatchSize(int value) {
        set(batchSize(), value);
        return self();
    }

    public S setLearningRate(double value) {
        set(learningRate(), value);
        return self();
    }

    public S setUpdater(String value) {
        set(updater(), value);
        return self();
    }

    public S setWorkers(int value) {
        set(workers(), value);
        return self();
    }

    public S setAveragingFrequency(int value) {
        set(averagingFrequency(), value);
        return self();
    }

    public S setSeed(long value) {
        set(seed(), value);
        return self();
    }

    public S setEngine(String value) {
        set(engine(), value);
        return self();
    }

    public S setEarlyStoppingPatience(int value) {
        set(earlyStoppingPatience(), value);
        return self();
    }

    public S setTestFraction(double value) {
        set(testFraction(), value);
        return self();
    }

    public S setValidationFraction(double value) {
        set(validationFraction(), value);
        return self();
    }
}
