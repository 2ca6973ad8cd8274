package io.seqspark.tasks.text;

import io.seqspark.config.InvalidText;
import io.seqspark.config.JobConfig;
import io.seqspark.config.TaskType;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import io.seqspark.sources.TextSources;
import io.seqspark.storage.RunWriter;
import io.seqspark.tasks.Task;
import io.seqspark.tasks.classification.ClassScoring;
import io.seqspark.training.Checkpoints;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.text.TextExamples;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.util.LinkedHashMap;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.lit;

/**
 * task = classification with a text section: labelled texts tokenized into a vocabulary's ids (see
 * {@link TextClassificationTraining}). evaluate and predict read texts as this run's configuration says and turn
 * them into ids with the model's saved tokenizer settings and vocabulary; predict writes a row for every input
 * text, with null predictions and the reason for one that cannot be scored.
 */
public final class TextClassificationTask implements Task {
    @Override
    public TaskType taskKey() {
        return TaskType.CLASSIFICATION;
    }

    @Override
    public String modelKind() {
        return "text classification";
    }

    @Override
    public RunReport train(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        return TextClassificationTraining.run(spark, config, run, checkpoints);
    }

    @Override
    public RunReport.Evaluation evaluate(SparkSession spark, JobConfig config, ModelBundle model) {
        Preprocessing.TextClassification prep = model.preprocessing(Preprocessing.TextClassification.class);
        boolean separateTest = config.data().testPath() != null;
        String source = separateTest ? config.data().testPath() : config.data().source();
        JobConfig saved = new JobConfig(config.job(), config.spark(), config.task(), config.data(), null, null,
                prep.text(), config.split(), config.model(), config.training(), config.resolved());
        // text.invalid comes from this run's configuration, the rest of the text settings from the model.
        JobConfig.TextSpec spec = withInvalid(prep.text(), config.text());
        TextExamples.Checked checked = TextExamples.prepare(separateTest ? TextSources.test(spark, saved)
                : TextSources.main(spark, saved), spec, source);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<LabeledSequence> sequences = TextExamples.toSequences(jsc, checked.examples(), prep.vocabulary(),
                prep.text().maxLength()).persist(StorageLevel.MEMORY_AND_DISK());
        return ClassScoring.evaluationSections(jsc, model, sequences, String.valueOf(prep.text().labelColumn()),
                source, new LinkedHashMap<>(checked.dropped()));
    }

    /** The model's text settings with text.invalid as this run says (the configuration's, else the model's). */
    private static JobConfig.TextSpec withInvalid(JobConfig.TextSpec saved, JobConfig.TextSpec run) {
        InvalidText invalid = run != null ? run.invalid() : saved.invalid();
        return new JobConfig.TextSpec(saved.textColumn(), saved.labelColumn(), saved.idColumn(), saved.tokenizer(),
                saved.lowercase(), saved.vocabSize(), saved.minCount(), saved.maxLength(), saved.encoding(), invalid);
    }

    /**
     * The scored texts and, with null predictions, the texts that could not be scored: one row per input row, with
     * the reason in {@link TextInput#REASON} (null for scored texts).
     */
    @Override
    public Dataset<Row> predict(SparkSession spark, JobConfig config, ModelBundle model, String input) {
        TextInput text = TextInput.read(spark, JavaSparkContext.fromSparkContext(spark.sparkContext()),
                config.data(), model.preprocessing(Preprocessing.TextClassification.class), input);
        Dataset<Row> scored = ClassScoring.predictions(spark, text.sequences(), model, text.idColumn(), true);
        Dataset<Row> invalid = text.invalid().select(col(TextExamples.ID).as(text.idColumn()),
                col(TextExamples.LABEL).as("actual"), lit(null).cast(DataTypes.StringType).as("predicted"),
                lit(null).cast(DataTypes.DoubleType).as("probability"),
                lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType)).as("probabilities"),
                col(TextInput.REASON));
        Dataset<Row> all = scored.withColumn(TextInput.REASON, lit(null).cast(DataTypes.StringType))
                .unionByName(invalid);
        return text.labelled() ? all : all.drop("actual");
    }

    @Override
    public String trainSummary(RunReport report) {
        return ClassScoring.trainSummary(report);
    }

    @Override
    public String evaluateSummary(RunReport report) {
        return ClassScoring.evaluateSummary(report);
    }
}
