package io.seqspark.tasks.classification;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.ClassificationMetrics;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.ModelFactory;
import io.seqspark.report.Metrics;
import io.seqspark.report.RunReport;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunWriter;
import io.seqspark.training.Checkpoints;
import io.seqspark.training.ReportSections;
import io.seqspark.training.SparkTrainer;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.LabelIndex;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SequenceAssembler;
import io.seqspark.vectorize.Splitter;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * task = classification: whole sequences, stratified random split, one label per sequence; evaluated by accuracy,
 * macro F1, per-class scores and the confusion matrix against the majority-class baseline.
 */
public final class ClassificationTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ClassificationTraining.class);

    private ClassificationTraining() {
    }

    static RunReport run(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JobConfig.SequenceSpec spec = config.sequence();
        JobConfig.Data data = config.data();
        String source = data.source();

        // assemble() checks the input in several Spark passes (types, times, duplicates, missing values) before
        // grouping it: keep it so that the files are read, or the data generated, once.
        Dataset<Row> input = DataSources.main(spark, data).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> testInput = data.testPath() == null ? null
                : DataSources.test(spark, data).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> sequences = SequenceAssembler.assemble(input, spec, source);
        Dataset<Row> split = Splitter.assign(sequences, config).persist(StorageLevel.MEMORY_AND_DISK());
        int workers = SparkTrainer.workers(jsc, config.training());

        // Partitions = workers, so each worker's minibatches are full except at most one.
        JavaRDD<LabeledSequence> train = SequenceAssembler.toSequences(Splitter.part(split, Splitter.TRAIN))
                .repartition(workers).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<LabeledSequence> validation = SequenceAssembler.toSequences(
                Splitter.part(split, Splitter.VALIDATION)).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<LabeledSequence> test = data.testPath() == null
                ? SequenceAssembler.toSequences(Splitter.part(split, Splitter.TEST))
                : SequenceAssembler.toSequences(SequenceAssembler.assemble(testInput, spec, data.testPath()));
        test = test.persist(StorageLevel.MEMORY_AND_DISK());

        Counts counts = Counts.of(train, validation, test, source, config);
        LabelIndex labels = LabelIndex.fromTraining(train, spec.labelColumn());
        labels.requireKnown(validation, spec.labelColumn(), "the validation split");
        labels.requireKnown(test, spec.labelColumn(), data.testPath() == null ? "the test split" : data.testPath());
        int features = spec.features();
        FeatureScaler scaler = FeatureScaler.fit(spec.scaling().key(), train, features);
        double[] classWeights = config.training().balancedClasses() ? labels.balancedWeights() : null;
        MultiLayerConfiguration net = ModelFactory.classifier(config.model(), config.training(), features,
                labels.size(), classWeights);
        Trained trained = fit(jsc, config, checkpoints, workers, train, validation, test, counts, labels, scaler,
                net);

        Preprocessing preprocessing = new Preprocessing.SequenceClassification(spec, labels, scaler);
        RunReport report = report(config, counts, trained, labels);
        report = report.withData(report.data().withSequencesSkipped(
                SequenceAssembler.sequencesLost(input, sequences, spec)));
        write(run, config, trained, preprocessing, report);
        split.unpersist();
        input.unpersist();
        if (testInput != null) {
            testInput.unpersist();
        }
        return report;
    }

    /** Example counts of the three splits, checked: training and test must not be empty. */
    public record Counts(long train, long validation, long test) {
        public static Counts of(JavaRDD<LabeledSequence> train, JavaRDD<LabeledSequence> validation,
                         JavaRDD<LabeledSequence> test, String source, JobConfig config) {
            Counts c = new Counts(train.count(), validation.count(), test.count());
            LOG.info("Examples: {} train, {} validation, {} test", c.train, c.validation, c.test);
            if (c.train == 0) {
                throw new UserError("no training examples in " + source + " after the split (split.test = "
                        + config.split().test() + ", split.validation = " + config.split().validation() + ")");
            }
            if (c.test == 0) {
                throw new UserError("no test examples: split.test = " + config.split().test() + " leaves none of the "
                        + (c.train + c.validation) + " examples for testing; raise split.test or set data.test-path");
            }
            return c;
        }
    }

    public record Trained(SparkTrainer.Result result, ClassificationMetrics metrics) {
    }

    /**
     * What numeric and text classification share: minibatches built on the executors, parameter-averaged
     * training with per-epoch validation, and test metrics computed on the executors.
     */
    public static Trained fit(JavaSparkContext jsc, JobConfig config, Checkpoints checkpoints, int workers,
                       JavaRDD<LabeledSequence> train, JavaRDD<LabeledSequence> validation,
                       JavaRDD<LabeledSequence> test, Counts counts, LabelIndex labels, FeatureScaler scaler,
                       MultiLayerConfiguration net) throws IOException {
        return fit(jsc, config, checkpoints, workers, train, validation, test, counts, labels, scaler, net, null);
    }

    /** @param initialise sets initial parameters of a new (not resumed) network, or null (see SparkTrainer) */
    public static Trained fit(JavaSparkContext jsc, JobConfig config, Checkpoints checkpoints, int workers,
                       JavaRDD<LabeledSequence> train, JavaRDD<LabeledSequence> validation,
                       JavaRDD<LabeledSequence> test, Counts counts, LabelIndex labels, FeatureScaler scaler,
                       MultiLayerConfiguration net, Consumer<MultiLayerNetwork> initialise) throws IOException {
        int batch = config.training().batchSize();
        // Built once; the training master caches it (serialized) and re-splits it every epoch.
        JavaRDD<DataSet> trainBatches = MinibatchBuilder.batches(train, labels, scaler, batch);
        JavaRDD<DataSet> validationBatches = counts.validation() == 0 ? null
                : MinibatchBuilder.batches(validation, labels, scaler, batch)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<DataSet> testBatches = MinibatchBuilder.batches(test, labels, scaler, batch);
        SparkTrainer.Result result = SparkTrainer.train(jsc, net, config.training(), workers, trainBatches,
                counts.train(), validationBatches, checkpoints, SparkTrainer.LossScale.NONE, initialise);
        ClassificationMetrics metrics = ClassificationMetrics.evaluate(result.sparkNet(), testBatches, labels, batch);
        LOG.info("Test accuracy {} (macro F1 {}) on {} examples", String.format("%.4f", metrics.accuracy()),
                String.format("%.4f", metrics.f1Macro()), metrics.examples());
        if (validationBatches != null) {
            validationBatches.unpersist();
        }
        return new Trained(result, metrics);
    }

    public static void write(RunWriter run, JobConfig config, Trained trained, Preprocessing preprocessing,
                      RunReport report) throws IOException {
        new ModelBundle(trained.result().network(), preprocessing, config.resolved()).writeTo(run);
        ReportSections.write(run, report, trained.result());
    }

    /** A classifier's report: the common sections, its classes, class weights, test scores and baseline. */
    public static RunReport report(JobConfig config, Counts counts, Trained trained, LabelIndex labels) {
        SparkTrainer.Result result = trained.result();
        ClassificationMetrics metrics = trained.metrics();
        RunReport r = ReportSections.common(config, counts.train(), counts.validation(), counts.test(), result);
        r = r.withModel(r.model().withClasses(labels.labels()));
        if (config.training().balancedClasses()) {
            r = r.withTraining(r.training().withClassWeights(labels.balancedWeights()));
        }
        return r.withScores(Metrics.of(metrics.scores()), Map.of("majority_class", metrics.majorityBaseline(labels)));
    }
}
