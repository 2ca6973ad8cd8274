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
 * Learns to classify texts: one row per text, {@code textCol} (string) and {@code labelCol} (any type, read as
 * a string). Tokens and vocabulary are built on the executors, token ids go through an embedding into the recurrent
 * stack, trained with parameter averaging: the code of {@code seqspark train} with {@code text.text-column}.
 * Param names follow the job-file keys (setTextCol = text.text-column, setUnits = model.units, setEpochs =
 * training.epochs, ...); defaults are those of conf/reference.conf. {@code testFraction} of the rows (default 0.2)
 * is held out to score the model into its {@link TextClassificationModel#summary()}.
 *
 * <pre>{@code
 * TextClassificationModel model = new TextClassifier().setTextCol("review").setLabelCol("sentiment")
 *         .setUnits(32).setEpochs(3).fit(reviews);
 * model.transform(newReviews); // + prediction (label), probability (vector over model.labels())
 * }</pre>
 */
public final class TextClassifier extends SeqSparkEstimator<TextClassifier, TextClassificationModel>
        implements TextClassifierParams {

    public TextClassifier() {
        this(Identifiable$.MODULE$.randomUID("textClassifier"));
    }

    public TextClassifier(String uid) {
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
    protected TextClassificationModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new TextClassificationModel(uid, bundle, summary);
    }

    /**
     * @throws IllegalArgumentException textCol or labelCol unset or missing, textCol not a string, or an output
     *                                  column already present
     */
    @Override
    public StructType transformSchema(StructType schema) {
        Schemas.require(schema, "labelCol", isDefined(labelCol()) ? getLabelCol() : null, null);
        return TextClassificationModel.outputSchema(this, schema);
    }

    public static MLReader<TextClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static TextClassifier load(String path) {
        return read().load(path);
    }

    public TextClassifier setTextCol(String value) {
        set(textCol(), value);
        return this;
    }

    public TextClassifier setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    public TextClassifier setIdCol(String value) {
        set(idCol(), value);
        return this;
    }

    public TextClassifier setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    public TextClassifier setTokenizer(String value) {
        set(tokenizer(), value);
        return this;
    }

    public TextClassifier setLowercase(boolean value) {
        set(lowercase(), value);
        return this;
    }

    public TextClassifier setVocabSize(int value) {
        set(vocabSize(), value);
        return this;
    }

    public TextClassifier setMinCount(int value) {
        set(minCount(), value);
        return this;
    }

    public TextClassifier setMaxLength(int value) {
        set(maxLength(), value);
        return this;
    }

    public TextClassifier setInvalid(String value) {
        set(invalid(), value);
        return this;
    }

    public TextClassifier setEmbeddingSize(int value) {
        set(embeddingSize(), value);
        return this;
    }

    public TextClassifier setHead(String value) {
        set(head(), value);
        return this;
    }

    public TextClassifier setClassWeights(String value) {
        set(classWeights(), value);
        return this;
    }

    public TextClassifier setEmbeddingVectors(String value) {
        set(embeddingVectors(), value);
        return this;
    }

    public TextClassifier setEmbeddingFreeze(boolean value) {
        set(embeddingFreeze(), value);
        return this;
    }

    public TextClassifier setPretrain(boolean value) {
        set(pretrain(), value);
        return this;
    }

    public TextClassifier setPretrainPath(String value) {
        set(pretrainPath(), value);
        return this;
    }

    public TextClassifier setPretrainWhere(String value) {
        set(pretrainWhere(), value);
        return this;
    }

    public TextClassifier setPretrainWindow(int value) {
        set(pretrainWindow(), value);
        return this;
    }

    public TextClassifier setPretrainMinCount(int value) {
        set(pretrainMinCount(), value);
        return this;
    }

    public TextClassifier setPretrainIterations(int value) {
        set(pretrainIterations(), value);
        return this;
    }
}
