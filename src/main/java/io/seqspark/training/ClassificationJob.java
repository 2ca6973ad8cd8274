package io.seqspark.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.ClassificationMetrics;
import io.seqspark.evaluation.HtmlReport;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.ModelFactory;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunWriter;
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
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * task = classification: whole sequences, stratified random split, one label per sequence; evaluated by accuracy,
 * macro F1, per-class scores and the confusion matrix against the majority-class baseline.
 */
final class ClassificationJob {
    private static final Logger LOG = LoggerFactory.getLogger(ClassificationJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClassificationJob() {
    }

    static Map<String, Object> run(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JobConfig.SequenceSpec spec = config.sequence();
        JobConfig.Data data = config.data();
        String source = data.generated() ? "the generated " + data.generator().name() + " data" : data.path();

        // assemble() checks the input in several Spark passes (types, times, duplicates, missing values) before
        // grouping it: keep it so that the files are read, or the data generated, once.
        Dataset<Row> input = DataSources.main(spark, data).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> testInput = data.testPath() == null ? null
                : DataSources.test(spark, data).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> sequences = SequenceAssembler.assemble(input, spec, source);
        Dataset<Row> split = Splitter.assign(sequences, config).persist(StorageLevel.MEMORY_AND_DISK());
        int workers = config.training().workers() > 0 ? config.training().workers() : jsc.defaultParallelism();

        // Partitions = workers, so each worker's minibatches are full except at most one.
        JavaRDD<LabeledSequence> train = SequenceAssembler.toSequences(Splitter.part(split, Splitter.TRAIN))
                .repartition(workers).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<LabeledSequence> validation = SequenceAssembler.toSequences(
                Splitter.part(split, Splitter.VALIDATION)).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<LabeledSequence> test = data.testPath() == null
                ? SequenceAssembler.toSequences(Splitter.part(split, Splitter.TEST))
                : SequenceAssembler.toSequences(SequenceAssembler.assemble(testInput, spec, data.testPath()));
        test = test.persist(StorageLevel.MEMORY_AND_DISK());

        long nTrain = train.count();
        long nValidation = validation.count();
        long nTest = test.count();
        LOG.info("Sequences: {} train, {} validation, {} test", nTrain, nValidation, nTest);
        if (nTrain == 0) {
            throw new UserError("no training sequences in " + source + " after the split (split.test = "
                    + config.split().test() + ", split.validation = " + config.split().validation() + ")");
        }
        if (nTest == 0) {
            throw new UserError("no test sequences: split.test = " + config.split().test() + " leaves none of the "
                    + (nTrain + nValidation) + " sequences for testing; raise split.test or set data.test-path");
        }

        LabelIndex labels = LabelIndex.fromTraining(train, spec.labelColumn());
        requireKnownLabels(validation, labels, spec.labelColumn(), "validation split");
        requireKnownLabels(test, labels, spec.labelColumn(), data.testPath() == null ? "test split" : data.testPath());
        int features = spec.features();
        FeatureScaler scaler = FeatureScaler.fit(spec.scaling(), train, features);

        int batch = config.training().batchSize();
        // Built once; the training master caches it (serialized) and re-splits it every epoch.
        JavaRDD<DataSet> trainBatches = MinibatchBuilder.batches(train, labels, scaler, batch);
        JavaRDD<DataSet> validationBatches = nValidation == 0 ? null
                : MinibatchBuilder.batches(validation, labels, scaler, batch).persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<DataSet> testBatches = MinibatchBuilder.batches(test, labels, scaler, batch);

        double[] classWeights = config.training().balancedClasses() ? labels.balancedWeights() : null;
        MultiLayerConfiguration net = ModelFactory.classifier(config.model(), config.training(), features,
                labels.size(), classWeights);
        SparkTrainer.Result result = SparkTrainer.train(jsc, net, config.training(), workers, trainBatches, nTrain,
                validationBatches, checkpoints);
        ClassificationMetrics metrics = ClassificationMetrics.evaluate(result.sparkNet(), testBatches, labels, batch);
        LOG.info("Test accuracy {} (macro F1 {}) on {} sequences", String.format("%.4f", metrics.accuracy()),
                String.format("%.4f", metrics.f1Macro()), metrics.examples());

        Preprocessing preprocessing = Preprocessing.classification(spec, labels, scaler);
        new ModelBundle(result.network(), preprocessing, config.resolved()).writeTo(run);

        Map<String, Object> report = report(config, nTrain, nValidation, nTest, result, metrics, labels);
        run.writeString("report.json", JSON.writeValueAsString(report));
        run.writeString("report.html", HtmlReport.render(report));
        split.unpersist();
        input.unpersist();
        if (testInput != null) {
            testInput.unpersist();
        }
        return report;
    }

    private static void requireKnownLabels(JavaRDD<LabeledSequence> part, LabelIndex labels, String column,
                                           String where) {
        List<String> unknown = part.map(LabeledSequence::label).distinct()
                .filter(l -> l == null || labels.indexOf(l) < 0).collect();
        if (!unknown.isEmpty()) {
            throw new UserError("column '" + column + "' in the " + where + ": label(s) " + new TreeSet<>(
                    unknown.stream().map(String::valueOf).toList()) + " never occur in the training split "
                    + labels.labels() + "; a classifier cannot predict classes it was not trained on");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(JobConfig config, long nTrain, long nValidation, long nTest,
                                              SparkTrainer.Result result, ClassificationMetrics metrics,
                                              LabelIndex labels) {
        Map<String, Object> r = RunReport.common(config, nTrain, nValidation, nTest, result);
        ((Map<String, Object>) r.get("model")).put("classes", labels.labels());
        if (config.training().balancedClasses()) {
            ((Map<String, Object>) r.get("training")).put("class_weights", labels.balancedWeights());
        }
        r.put("metrics", Map.of("test", metrics.toReport()));
        r.put("baselines", Map.of("majority_class", metrics.majorityBaseline(labels)));
        return r;
    }
}
