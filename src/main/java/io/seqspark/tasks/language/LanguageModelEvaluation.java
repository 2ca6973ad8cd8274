package io.seqspark.tasks.language;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.LanguageModelEvaluator;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.DataCounts;
import io.seqspark.report.Metrics;
import io.seqspark.report.ModelSummary;
import io.seqspark.report.RunReport;
import io.seqspark.report.Scores;
import io.seqspark.sources.TextSources;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.Splitter;
import io.seqspark.vectorize.text.CharCorpus;
import io.seqspark.vectorize.text.Vocabulary;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * evaluate on a language model: its loss in nats per character and perplexity on text read with the model's saved
 * settings (lowercase, sequence length) and vocabulary, the same measures as training's report. The text is the
 * whole of every document of data.test-path when it is set, else the last split.test of every document of
 * data.path, as in training (so the saved configuration re-scores the training run's test text).
 */
final class LanguageModelEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelEvaluation.class);

    private LanguageModelEvaluation() {
    }

    /** The report sections of the evaluation: data, model, metrics and baselines. */
    static RunReport.Evaluation sections(SparkSession spark, JobConfig config, ModelBundle model) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Preprocessing.LanguageModelling prep = model.preprocessing(Preprocessing.LanguageModelling.class);
        JobConfig.TextSpec saved = prep.text();
        Vocabulary vocabulary = prep.vocabulary();
        boolean whole = config.data().testPath() != null;
        String key = whole ? "data.test-path" : config.data().mainKey();
        String name = whole ? config.data().testPath() : config.data().mainName();
        // How the text is read (encoding, text column, text.invalid) comes from this run's configuration; how it
        // becomes ids (lowercase, sequence length) from the model.
        JobConfig.TextSpec run = config.text() != null ? config.text() : saved;
        CharCorpus.Decoded decoded = CharCorpus.requireDecoded(TextSources.corpus(spark, config, key, name)
                .persist(StorageLevel.MEMORY_AND_DISK()), run, key + " = " + name);
        // split.test = 1: every character of a document is in its test part.
        JobConfig.SplitSpec split = whole ? new JobConfig.SplitSpec(1.0, 0.0, config.split().seed(), true)
                : config.split();
        JavaRDD<int[]> ids = CharCorpus.partIds(jsc, decoded.documents(), vocabulary, saved, split, Splitter.TEST)
                .persist(StorageLevel.MEMORY_AND_DISK());
        NetworkBroadcast network = NetworkBroadcast.of(jsc, model.network());
        LanguageModelEvaluator.Result scores = LanguageModelEvaluator.evaluateStreams(network, ids,
                saved.maxLength());
        if (scores.tokens() == 0) {
            throw new UserError(key + " = " + name + ": no text to score (every document's " + (whole ? "text"
                    : "last split.test = " + split.test()) + " has fewer than 2 characters)");
        }
        LanguageModelEvaluator.Result windows = LanguageModelEvaluator.evaluate(network,
                CharCorpus.windows(ids, Splitter.TEST, saved.maxLength(), false));
        network.destroy();
        long documents = ids.count();
        ids.unpersist();
        LOG.info("Test loss {} nats per character (perplexity {}) on {} characters of {} = {}",
                String.format("%.4f", scores.loss()), String.format("%.2f", scores.perplexity()), scores.tokens(),
                key, name);

        DataCounts data = DataCounts.evaluated(documents)
                .withScored(whole ? "every document of data.test-path, whole"
                        : "the last split.test = " + split.test() + " of every document, as in training")
                .withDropped(Map.of(LanguageModelTraining.UNDECODABLE, decoded.undecodable()), null);
        ModelSummary modelSection = new ModelSummary(config.model().cell().key(), config.model().units(), null,
                null, null, model.network().numParams(), null, vocabulary.tokens().size());
        // The unigram baseline of training needs the training text's counts, which the model does not keep.
        Scores uniform = new LanguageModelEvaluator.Result(Math.log(vocabulary.size()), scores.tokens()).scores()
                .describedAs("every id of the model's vocabulary (with padding and unknown) equally likely");
        return new RunReport.Evaluation(data, modelSection, Metrics.of(LanguageModelEvaluator.testMetrics(scores,
                windows, "scored text", saved.maxLength())), Map.of("uniform", uniform));
    }
}
