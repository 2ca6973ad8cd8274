package io.seqspark.tasks.language;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.LanguageModelEvaluator;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.ModelFactory;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.Metrics;
import io.seqspark.report.RunReport;
import io.seqspark.report.TextSection;
import io.seqspark.sources.TextSources;
import io.seqspark.storage.RunWriter;
import io.seqspark.training.Checkpoints;
import io.seqspark.training.ReportSections;
import io.seqspark.training.SparkTrainer;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.Splitter;
import io.seqspark.vectorize.text.CharCorpus;
import io.seqspark.vectorize.text.Vocabulary;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * task = language-model: a character model of plain text. The last split.test of every file is the test text; its
 * loss (nats per character) and perplexity are reported beside a unigram baseline, with sample text.
 */
final class LanguageModelTraining {
    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelTraining.class);
    static final int SAMPLE_LENGTH = 400;
    static final double SAMPLE_TEMPERATURE = 0.8;
    /** report.json's data.dropped key: files text.invalid = drop left out (not valid in text.encoding). */
    static final String UNDECODABLE = "undecodable";

    private LanguageModelTraining() {
    }

    static RunReport run(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JobConfig.TextSpec spec = config.text();
        String source = config.data().mainKey() + " = " + config.data().mainName();
        if (config.data().testPath() != null) {
            throw new UserError("data.test-path: does not apply to training a language model: its test text is the "
                    + "last split.test of every document of " + source + " (evaluate --set data.test-path=... scores "
                    + "a whole other text with a saved model)");
        }
        CharCorpus.Decoded decoded = CharCorpus.requireDecoded(TextSources.corpus(spark, config)
                .persist(StorageLevel.MEMORY_AND_DISK()), spec, source);
        JavaRDD<Tuple2<String, String>> files = decoded.documents();
        long skipped = decoded.undecodable();
        Vocabulary vocabulary = CharCorpus.vocabulary(files, spec, config.split());
        if (vocabulary.tokens().isEmpty()) {
            throw new UserError(source + ": no text to learn from");
        }
        LOG.info("Vocabulary: {} characters from the training text", vocabulary.tokens().size());

        int workers = SparkTrainer.workers(jsc, config.training());
        // Each part's text as ids, once: the windows are cut from it, and the test text and the training counts are
        // read from it again after training.
        JavaRDD<int[]> trainText = CharCorpus.partIds(jsc, files, vocabulary, spec, config.split(), Splitter.TRAIN)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<int[]> testText = CharCorpus.partIds(jsc, files, vocabulary, spec, config.split(), Splitter.TEST)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<CharCorpus.Window> train = CharCorpus.windows(trainText, Splitter.TRAIN, spec.maxLength(), true)
                .repartition(workers).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<CharCorpus.Window> validation = CharCorpus.windows(CharCorpus.partIds(jsc, files, vocabulary, spec,
                config.split(), Splitter.VALIDATION), Splitter.VALIDATION, spec.maxLength(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<CharCorpus.Window> test = CharCorpus.windows(testText, Splitter.TEST, spec.maxLength(), false)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long nTrain = train.count();
        long nValidation = validation.count();
        long nTest = test.count();
        LOG.info("Windows of {} characters: {} train, {} validation, {} test", spec.maxLength(), nTrain, nValidation,
                nTest);
        if (nTrain == 0 || nTest == 0) {
            throw new UserError(source + ": too little text for windows of "
                    + "text.max-length = " + spec.maxLength() + " characters in both the training and the test part "
                    + "(split.test = " + config.split().test() + "); lower text.max-length or give more text");
        }

        int batch = config.training().batchSize();
        JavaRDD<DataSet> trainBatches = train.mapPartitions(it -> Chunks.map(it, batch, CharCorpus::toDataSet));
        JavaRDD<DataSet> validationBatches = nValidation == 0 ? null : validation
                .mapPartitions(it -> Chunks.map(it, batch, CharCorpus::toDataSet))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        MultiLayerConfiguration net = ModelFactory.languageModel(config.model(), config.training(), vocabulary.size(),
                config.model().embeddingSize());
        // DL4J scores a sequence by its loss summed over time (over the last segment when training with truncated
        // BPTT); per character is what people compare.
        int tbptt = config.training().tbpttLength();
        SparkTrainer.LossScale perCharacter = new SparkTrainer.LossScale(
                1.0 / (tbptt > 0 ? Math.min(tbptt, spec.maxLength()) : spec.maxLength()), 1.0 / spec.maxLength());
        SparkTrainer.Result result = SparkTrainer.train(jsc, net, config.training(), workers, trainBatches, nTrain,
                validationBatches, checkpoints, perCharacter);

        NetworkBroadcast network = NetworkBroadcast.of(jsc, result.network());
        LanguageModelEvaluator.Result scores = LanguageModelEvaluator.evaluateStreams(network, testText,
                spec.maxLength());
        LanguageModelEvaluator.Result windowScores = LanguageModelEvaluator.evaluate(network, test);
        network.destroy();
        LanguageModelEvaluator.Result unigram = LanguageModelEvaluator.unigram(counts(trainText, 0),
                counts(testText, 1), vocabulary.size());
        LOG.info("Test loss {} nats per character (perplexity {}) on {} characters, state carried through the text; "
                        + "{} with the state reset every {} characters as in training; unigram baseline {}",
                String.format("%.4f", scores.loss()), String.format("%.2f", scores.perplexity()), scores.tokens(),
                String.format("%.4f", windowScores.loss()), spec.maxLength(), String.format("%.4f", unigram.loss()));
        String sample = TextGenerator.generate(result.network(), vocabulary, "", SAMPLE_LENGTH, SAMPLE_TEMPERATURE,
                config.training().seed());

        new ModelBundle(result.network(), new Preprocessing.LanguageModelling(spec, vocabulary), config.resolved())
                .writeTo(run);
        RunReport common = ReportSections.common(config, nTrain, nValidation, nTest, result);
        RunReport report = common
                // files skipped by text.invalid = drop
                .withData(common.data().withDropped(Map.of(UNDECODABLE, skipped), null))
                .withScores(Metrics.of(LanguageModelEvaluator.testMetrics(scores, windowScores, "test text",
                                spec.maxLength())), Map.of("unigram", unigram.scores().describedAs(
                                "each character's training frequency, without context")))
                .withText(new TextSection(spec.tokenizer().key(), vocabulary.tokens().size(), null, null,
                        spec.maxLength(), config.training().tbpttLength(), null,
                        new TextSection.Sample(SAMPLE_TEMPERATURE, sample)));
        ReportSections.write(run, report, result);
        files.unpersist();
        trainText.unpersist();
        testText.unpersist();
        train.unpersist();
        validation.unpersist();
        test.unpersist();
        return report;
    }

    /** Counts of the ids of every sequence from position {@code from} on (1: the predicted ones), on the executors. */
    private static Map<Integer, Long> counts(JavaRDD<int[]> sequences, int from) {
        return new HashMap<>(sequences.flatMap(ids -> Arrays.stream(ids).skip(from).boxed().iterator())
                .countByValue());
    }
}
