package io.seqspark.tasks.text;

import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelFactory;
import io.seqspark.report.Metrics;
import io.seqspark.report.RunReport;
import io.seqspark.report.Scores;
import io.seqspark.report.TextSection;
import io.seqspark.sources.TextSources;
import io.seqspark.storage.RunWriter;
import io.seqspark.tasks.classification.ClassificationTraining;
import io.seqspark.training.Checkpoints;
import io.seqspark.training.SparkTrainer;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.LabelIndex;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.Splitter;
import io.seqspark.vectorize.text.Embeddings;
import io.seqspark.vectorize.text.TextExamples;
import io.seqspark.vectorize.text.Vocabulary;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.substring;

/**
 * task = classification of texts: tokens and vocabulary built on the executors, token ids through an embedding
 * into the recurrent stack; reported like sequence classification plus the top confusions and misclassified
 * examples.
 */
final class TextClassificationTraining {
    private static final Logger LOG = LoggerFactory.getLogger(TextClassificationTraining.class);
    /** Test examples scored on the driver to find misclassified ones to show. */
    private static final int EXAMPLE_POOL = 2000;
    private static final int EXAMPLES_SHOWN = 10;
    /** Misclassified texts are shown up to this many characters. */
    private static final int SHOWN_CHARACTERS = 500;
    /** text.pretrain: the vocabulary's Word2Vec vectors, in the run folder. */
    static final String WORD2VEC_FILE = "word2vec.txt";

    private TextClassificationTraining() {
    }

    static RunReport run(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JobConfig.TextSpec spec = config.text();
        JobConfig.Data data = config.data();

        TextExamples.Checked main = TextExamples.prepare(TextSources.main(spark, config),
                spec, data.mainKey() + " = " + data.mainName());
        // A projection of the cached examples (see Splitter), so nothing more to cache.
        Dataset<Row> split = Splitter.assign(main.examples(), config);
        Dataset<Row> testRows;
        TextExamples.Checked separateTest = null;
        if (data.testPath() == null) {
            testRows = Splitter.part(split, Splitter.TEST);
        } else {
            separateTest = TextExamples.prepare(TextSources.test(spark, config),
                    spec, "data.test-path = " + data.testPath());
            testRows = separateTest.examples();
        }
        Dataset<Row> trainRows = Splitter.part(split, Splitter.TRAIN);
        Vocabulary vocabulary = Vocabulary.fit(trainRows, TextExamples.ID, TextExamples.TOKENS, spec.vocabSize(),
                spec.minCount());
        LOG.info("Vocabulary: {} tokens (text.vocab-size = {}, text.min-count = {}) from the training split",
                vocabulary.tokens().size(), spec.vocabSize(), spec.minCount());

        int workers = SparkTrainer.workers(jsc, config.training());
        JavaRDD<LabeledSequence> train = TextExamples.toSequences(jsc, trainRows, vocabulary, spec.maxLength())
                .repartition(workers).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<LabeledSequence> validation = TextExamples.toSequences(jsc, Splitter.part(split, Splitter.VALIDATION),
                vocabulary, spec.maxLength()).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<LabeledSequence> test = TextExamples.toSequences(jsc, testRows, vocabulary, spec.maxLength())
                .persist(StorageLevel.MEMORY_AND_DISK());
        ClassificationTraining.Counts counts = ClassificationTraining.Counts.of(train, validation, test,
                data.source(), config);

        String labelColumn = spec.labelColumn() == null ? "the label folders" : spec.labelColumn();
        LabelIndex labels = LabelIndex.fromTraining(train, labelColumn);
        labels.requireKnown(validation, labelColumn, "the validation split");
        labels.requireKnown(test, labelColumn, data.testPath() == null ? "the test split" : data.testPath());
        FeatureScaler ids = FeatureScaler.fit("none", null, 1);
        double[] classWeights = config.training().balancedClasses() ? labels.balancedWeights() : null;
        MultiLayerConfiguration net = ModelFactory.tokenClassifier(config.model(), config.training(),
                vocabulary.size(), config.model().embeddingSize(), labels.size(), classWeights);
        // Vectors from the training split (and text.pretrain.path) only: the test texts never reach Word2Vec.
        Dataset<Row> corpus = config.embeddingSpec().pretrain() && config.embeddingSpec().pretrainPath() != null
                ? Embeddings.corpusTokens(TextSources.pretrainCorpus(spark, config), spec) : null;
        Embeddings.Initial embedding = Embeddings.initial(spark, config, trainRows, corpus, vocabulary);
        if (config.embeddingSpec().freeze()) {
            net = Embeddings.freeze(net);
        }
        ClassificationTraining.Trained trained = ClassificationTraining.fit(jsc, config, checkpoints, workers, train,
                validation, test, counts, labels, ids, net, embedding);

        RunReport report = addTextSections(ClassificationTraining.report(config, counts, trained, labels), config,
                main, separateTest, vocabulary, trained, labels,
                misclassified(testRows, trained.result().network(), vocabulary, labels, spec),
                embedding == null ? TextSection.Embedding.RANDOM : embedding.report());
        if (embedding != null && config.embeddingSpec().pretrain()) {
            // The vectors Word2Vec gave the vocabulary, reusable as model.embedding.vectors.
            run.writeString(WORD2VEC_FILE, embedding.word2vecText(vocabulary));
        }
        ClassificationTraining.write(run, config, trained,
                new Preprocessing.TextClassification(spec, vocabulary, labels), report);
        main.examples().unpersist();
        train.unpersist();
        validation.unpersist();
        test.unpersist();
        return report;
    }

    /** What dropped out of the texts, the text section, and the top confusions and misclassified texts. */
    private static RunReport addTextSections(RunReport report, JobConfig config, TextExamples.Checked main,
                                             TextExamples.Checked separateTest, Vocabulary vocabulary,
                                             ClassificationTraining.Trained trained, LabelIndex labels,
                                             List<Scores.Misclassified> misclassified,
                                             TextSection.Embedding embedding) {
        TextSection text = new TextSection(config.text().tokenizer().key(), vocabulary.tokens().size(),
                config.text().maxLength(), config.model().embeddingSize(), null, null, embedding, null);
        Scores.Classification test = report.testScores(Scores.Classification.class).withTextSamples(
                topConfusions(trained.metrics().confusion(), labels.labels()), misclassified);
        return report.withData(report.data().withDropped(main.dropped(),
                        separateTest == null ? null : separateTest.dropped()))
                .withText(text)
                .withScores(Metrics.of(test), report.baselines());
    }

    /** The largest off-diagonal cells of the confusion matrix, largest first. */
    static List<Scores.Confusion> topConfusions(long[][] confusion, List<String> labels) {
        List<Scores.Confusion> cells = new ArrayList<>();
        for (int a = 0; a < confusion.length; a++) {
            for (int p = 0; p < confusion.length; p++) {
                if (a != p && confusion[a][p] > 0) {
                    cells.add(new Scores.Confusion(labels.get(a), labels.get(p), confusion[a][p]));
                }
            }
        }
        cells.sort(Comparator.comparingLong(c -> -c.count()));
        return cells.subList(0, Math.min(5, cells.size()));
    }

    /** A handful of misclassified test texts, found by scoring a small sample of the test split on the driver. */
    private static List<Scores.Misclassified> misclassified(Dataset<Row> testRows, MultiLayerNetwork network,
                                                           Vocabulary vocabulary, LabelIndex labels,
                                                           JobConfig.TextSpec spec) {
        // Cut on the executors: only what is scored and shown reaches the driver, however long the documents.
        List<Row> pool = testRows.select(col(TextExamples.ID), col(TextExamples.LABEL),
                        substring(col(TextExamples.TEXT), 1, SHOWN_CHARACTERS),
                        slice(col(TextExamples.TOKENS), 1, spec.maxLength()))
                .limit(EXAMPLE_POOL).collectAsList();
        Map<String, Integer> index = vocabulary.index();
        List<Scores.Misclassified> shown = new ArrayList<>();
        FeatureScaler ids = FeatureScaler.fit("none", null, 1);
        for (int from = 0; from < pool.size() && shown.size() < EXAMPLES_SHOWN; from += 256) {
            List<Row> rows = pool.subList(from, Math.min(pool.size(), from + 256));
            List<LabeledSequence> batch = rows.stream().map(r -> new LabeledSequence(r.getString(0), r.getString(1),
                    Vocabulary.ids(r.getList(3), index, spec.maxLength()))).toList();
            DataSet ds = MinibatchBuilder.toDataSet(batch, labels, ids);
            INDArray probabilities = network.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
            for (int i = 0; i < rows.size() && shown.size() < EXAMPLES_SHOWN; i++) {
                int predicted = probabilities.getRow(i).argMax().getInt(0);
                if (!labels.labels().get(predicted).equals(rows.get(i).getString(1))) {
                    shown.add(new Scores.Misclassified(rows.get(i).getString(2), rows.get(i).getString(1),
                            labels.labels().get(predicted), probabilities.getDouble(i, predicted)));
                }
            }
        }
        return shown;
    }
}
