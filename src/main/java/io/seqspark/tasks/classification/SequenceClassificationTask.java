package io.seqspark.tasks.classification;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TaskType;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunWriter;
import io.seqspark.tasks.Task;
import io.seqspark.training.Checkpoints;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SequenceAssembler;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.util.Arrays;

/**
 * task = classification over rows of numeric steps (one label per sequence id): see {@link ClassificationTraining}
 * for training; evaluate scores every sequence of data.test-path, or of data.path when no test path is set;
 * predict writes one row per sequence.
 */
public final class SequenceClassificationTask implements Task {
    @Override
    public TaskType taskKey() {
        return TaskType.CLASSIFICATION;
    }

    @Override
    public String modelKind() {
        return "sequence classification";
    }

    @Override
    public RunReport train(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        return ClassificationTraining.run(spark, config, run, checkpoints);
    }

    @Override
    public RunReport.Evaluation evaluate(SparkSession spark, JobConfig config, ModelBundle model) {
        JobConfig.SequenceSpec spec = model.preprocessing(Preprocessing.SequenceClassification.class).sequence();
        boolean separateTest = config.data().testPath() != null;
        String source = separateTest ? config.data().testPath() : config.data().source();
        Dataset<Row> rows = separateTest ? DataSources.test(spark, config.data())
                : DataSources.main(spark, config.data());
        JavaRDD<LabeledSequence> sequences = SequenceAssembler.toSequences(
                SequenceAssembler.assemble(rows, spec, source)).persist(StorageLevel.MEMORY_AND_DISK());
        return ClassScoring.evaluationSections(JavaSparkContext.fromSparkContext(spark.sparkContext()), model,
                sequences, spec.labelColumn(), source, null);
    }

    @Override
    public Dataset<Row> predict(SparkSession spark, JobConfig config, ModelBundle model, String input) {
        Dataset<Row> rows = DataSources.read(spark, config.data(), "--input", input);
        JobConfig.SequenceSpec spec = model.preprocessing(Preprocessing.SequenceClassification.class).sequence();
        boolean labelled = spec.labelColumn() != null && Arrays.asList(rows.columns()).contains(spec.labelColumn());
        if (!labelled && spec.labelColumn() != null) {
            spec = spec.unlabelled();
        }
        JavaRDD<LabeledSequence> sequences = SequenceAssembler.toSequences(SequenceAssembler.assemble(rows, spec,
                input));
        return ClassScoring.predictions(spark, sequences, model, spec.idColumn() == null ? "id" : spec.idColumn(),
                spec.labelColumn() != null);
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
