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
 * Learns to classify sequences given as step rows: one row per sequence ({@code idCol}) and time ({@code timeCol}),
 * numeric {@code featureCols}, and {@code labelCol}, the same on every row of a sequence. The code of
 * {@code seqspark train} with task = classification; param names follow its keys (setFeatureCols =
 * sequence.feature-columns, ...), defaults those of conf/reference.conf. {@code testFraction} of the sequences
 * (default 0.2, stratified) is held out and scored into {@link SequenceClassificationModel#summary()}.
 *
 * <pre>{@code
 * SequenceClassificationModel model = new SequenceClassifier().setIdCol("series_id").setTimeCol("t")
 *         .setFeatureCols("x1", "x2").setLabelCol("label").setUnits(32).fit(steps);
 * model.transform(steps); // one row per sequence: series_id, [label,] prediction, probability
 * }</pre>
 */
public final class SequenceClassifier extends SeqSparkEstimator<SequenceClassifier, SequenceClassificationModel>
        implements SequenceClassifierParams {

    public SequenceClassifier() {
        this(Identifiable$.MODULE$.randomUID("sequenceClassifier"));
    }

    public SequenceClassifier(String uid) {
        super(uid);
        setDefault(probabilityCol(), "probability");
    }

    @Override
    protected Map<String, Object> taskSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("task", TaskType.CLASSIFICATION.key());
        return s;
    }

    @Override
    protected SequenceClassificationModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new SequenceClassificationModel(uid, bundle, summary);
    }

    /** @throws IllegalArgumentException a column param unset or missing, or a feature column not numeric */
    @Override
    public StructType transformSchema(StructType schema) {
        Schemas.require(schema, "labelCol", getLabelCol(), null);
        return SequenceClassificationModel.outputSchema(this, schema);
    }

    public static MLReader<SequenceClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static SequenceClassifier load(String path) {
        return read().load(path);
    }

    public SequenceClassifier setIdCol(String value) {
        set(idCol(), value);
        return this;
    }

    public SequenceClassifier setTimeCol(String value) {
        set(timeCol(), value);
        return this;
    }

    public SequenceClassifier setFeatureCols(String... value) {
        set(featureCols(), value);
        return this;
    }

    public SequenceClassifier setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    public SequenceClassifier setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    public SequenceClassifier setScaling(String value) {
        set(scaling(), value);
        return this;
    }

    public SequenceClassifier setMissing(String value) {
        set(missing(), value);
        return this;
    }

    public SequenceClassifier setTimeZone(String value) {
        set(timeZone(), value);
        return this;
    }

    public SequenceClassifier setHead(String value) {
        set(head(), value);
        return this;
    }

    public SequenceClassifier setClassWeights(String value) {
        set(classWeights(), value);
        return this;
    }
}
