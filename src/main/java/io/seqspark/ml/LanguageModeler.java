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
 * Learns a character language model (task = language-model) from a string column, one document per row: the code
 * of {@code seqspark train} on a table, with the same parameter averaging. Each document's last
 * {@code testFraction} (default 0.2) and the {@code validationFraction} before it are held out, as the last part of
 * each file is in a job; so documents should be long (paragraphs, chapters, whole files), and there must be text
 * for at least one training window of {@code maxLength} + 1 characters. The fitted {@link LanguageModel}'s
 * {@link LanguageModel#summary()} is the training report (test loss in nats per character, perplexity, unigram
 * baseline, a sample). Param names follow the job-file keys (setTextCol = text.text-column, setMaxLength =
 * text.max-length, setUnits = model.units, ...); defaults are those of conf/reference.conf.
 *
 * <pre>{@code
 * LanguageModel model = new LanguageModeler().setTextCol("chapter").setLowercase(false).setMaxLength(100)
 *         .setUnits(128).setEpochs(5).fit(chapters);
 * model.transform(texts);            // + loss (nats per character of each text)
 * model.generate("ROMEO:", 200, 0.8, 42);
 * }</pre>
 */
public final class LanguageModeler extends SeqSparkEstimator<LanguageModeler, LanguageModel>
        implements LanguageModelerParams {

    public LanguageModeler() {
        this(Identifiable$.MODULE$.randomUID("languageModeler"));
    }

    public LanguageModeler(String uid) {
        super(uid);
        setDefault(lossCol(), "loss");
    }

    @Override
    protected Map<String, Object> taskSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("task", TaskType.LANGUAGE_MODEL.key());
        s.put("text.tokenizer", "char");
        return s;
    }

    @Override
    protected LanguageModel newModel(String uid, ModelBundle bundle, RunReport summary) {
        return new LanguageModel(uid, bundle, summary);
    }

    /** @throws IllegalArgumentException textCol unset, missing or not a string, or lossCol already present */
    @Override
    public StructType transformSchema(StructType schema) {
        return LanguageModel.outputSchema(this, schema);
    }

    public static MLReader<LanguageModeler> read() {
        return new DefaultParamsReader<>();
    }

    public static LanguageModeler load(String path) {
        return read().load(path);
    }

    public LanguageModeler setTextCol(String value) {
        set(textCol(), value);
        return this;
    }

    public LanguageModeler setLossCol(String value) {
        set(lossCol(), value);
        return this;
    }

    public LanguageModeler setLowercase(boolean value) {
        set(lowercase(), value);
        return this;
    }

    public LanguageModeler setVocabSize(int value) {
        set(vocabSize(), value);
        return this;
    }

    public LanguageModeler setMinCount(int value) {
        set(minCount(), value);
        return this;
    }

    public LanguageModeler setMaxLength(int value) {
        set(maxLength(), value);
        return this;
    }

    public LanguageModeler setInvalid(String value) {
        set(invalid(), value);
        return this;
    }

    public LanguageModeler setEmbeddingSize(int value) {
        set(embeddingSize(), value);
        return this;
    }

    public LanguageModeler setTbpttLength(int value) {
        set(tbpttLength(), value);
        return this;
    }
}
