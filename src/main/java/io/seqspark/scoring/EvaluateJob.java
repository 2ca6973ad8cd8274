package io.seqspark.scoring;

import io.seqspark.models.NetworkBroadcast;
import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.ClassificationMetrics;
import io.seqspark.evaluation.ForecastEvaluator;
import io.seqspark.evaluation.ReportFiles;
import io.seqspark.models.ModelBundle;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunLock;
import io.seqspark.storage.RunStore;
import io.seqspark.storage.Storage;
import io.seqspark.storage.RunWriter;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.Covariates;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.ForecastWindows;
import io.seqspark.sources.TextSources;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.text.TextExamples;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.TargetTransform;
import io.seqspark.vectorize.SequenceAssembler;
import io.seqspark.vectorize.Splitter;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluate command: a saved model scored on labelled data with its saved preprocessing (nothing is refitted),
 * written as a run like training's (report.json, report.html, _SUCCESS; no model folder). Classification
 * evaluates every sequence of data.test-path, or of data.path when no test path is set; forecasting evaluates the
 * test period (the last split.test) of every series, against the naive, seasonal-naive and exponential-smoothing
 * baselines; a language model, its loss and perplexity (see {@link LanguageModelEvaluation}).
 */
public final class EvaluateJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
    private static final int BATCH = 256;

    private EvaluateJob() {
    }

    /** @return the report, or null when the run id had already completed (nothing done) */
    public static Map<String, Object> run(JobConfig config, String modelDir) throws IOException {
        ModelBundle model = ModelBundle.load(modelDir);
        Preprocessing prep = model.preprocessing();
        if (!model.task().equals(config.task())) {
            throw new UserError("--model " + modelDir + " is a " + model.task() + " model but task = "
                    + config.task() + " in the configuration");
        }
        RunStore store = new RunStore(config.job().output(), config.job().name(),
                Storage.hadoopConf(config.spark().conf()));
        String runId = config.job().runId();
        try (RunLock lock = store.lock(runId)) {
            if (store.isComplete(runId) && !config.job().overwrite()) {
                return null;
            }
            store.requireNoForeignFolder(runId, config.job().overwrite());
            return evaluate(config, modelDir, model, prep, store, lock, runId);
        }
    }

    private static Map<String, Object> evaluate(JobConfig config, String modelDir, ModelBundle model,
                                                Preprocessing prep, RunStore store, RunLock lock, String runId)
            throws IOException {
        SparkSession spark = SparkSessions.start(config);
        try (RunWriter run = store.begin(lock, runId)) {
            if (JobConfig.LANGUAGE_MODEL.equals(model.task())) {
                Map<String, Object> report = header(config, runId, modelDir);
                report.putAll(LanguageModelEvaluation.sections(spark, config, model));
                ReportFiles.write(run, report);
                run.commit(config.job().overwrite());
                return report;
            }
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            boolean separateTest = config.data().testPath() != null;
            String source = separateTest ? config.data().testPath() : config.data().source();
            Map<String, Long> dropped = new LinkedHashMap<>();
            Dataset<Row> rows = prep.textual() ? null
                    : separateTest ? DataSources.test(spark, config.data()) : DataSources.main(spark, config.data());
            JavaRDD<LabeledSequence> sequences = (prep.textual()
                    ? texts(spark, jsc, config, prep, separateTest, source, dropped)
                    : SequenceAssembler.toSequences(prep.forecast() != null
                    ? Covariates.assemble(rows, prep.sequence(), prep.forecast(), source)
                    : SequenceAssembler.assemble(rows, prep.sequence(), source)))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            if (prep.forecast() != null) {
                TargetTransform.requirePositive(rows, prep.forecast().targetColumns(),
                        prep.seriesScalers().transform().kind(), source);
            }
            NetworkBroadcast network = NetworkBroadcast.of(jsc, model.network());
            Map<String, Object> report = header(config, runId, modelDir);
            Map<String, Object> modelSection = new LinkedHashMap<>();
            modelSection.put("parameters", model.network().numParams());
            report.put("model", modelSection);
            if (prep.forecast() != null) {
                JavaRDD<ForecastWindow> test = ForecastWindows.windows(sequences, prep.forecast(), config.split())
                        .filter(w -> w.part().equals(Splitter.TEST)).persist(StorageLevel.MEMORY_AND_DISK());
                long n = test.count();
                if (n == 0) {
                    throw new UserError("no test windows in " + source + " for the model's window spec");
                }
                ForecastEvaluator.Result scores = ForecastEvaluator.evaluate(jsc, model.members(), test,
                        prep.seriesScalers(), prep.forecast(), BATCH, ForecastEvaluator.plottedSeriesOf(test));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("train_examples", 0);
                data.put("validation_examples", 0);
                data.put("test_examples", n);
                data.put("series", sequences.count());
                data.put("series_skipped", ForecastWindows.skipped(sequences, prep.forecast(), config.split(),
                        Splitter.TEST, source));
                report.put("data", data);
                report.put("metrics", scores.metrics());
                report.put("baselines", scores.baselines(prep.forecast().season()));
            } else {
                prep.labels().requireKnown(sequences, prep.textual() ? String.valueOf(prep.text().labelColumn())
                        : prep.sequence().labelColumn(), source);
                ClassificationMetrics metrics = classify(sequences, prep, network);
                Map<String, Object> dataSection = new LinkedHashMap<>(Map.of("train_examples", 0,
                        "validation_examples", 0, "test_examples", metrics.examples()));
                if (prep.textual()) {
                    dataSection.put("dropped", dropped); // text.invalid = drop: what was not evaluated, by reason
                }
                report.put("data", dataSection);
                modelSection.put("classes", prep.labels().labels());
                report.put("metrics", Map.of("test", metrics.toReport()));
                report.put("baselines", Map.of("majority_class", metrics.majorityBaseline(prep.labels())));
                LOG.info("Accuracy {} (macro F1 {}) on {} sequences of {}", String.format("%.4f", metrics.accuracy()),
                        String.format("%.4f", metrics.f1Macro()), metrics.examples(), source);
            }
            network.destroy();
            ReportFiles.write(run, report);
            run.commit(config.job().overwrite());
            return report;
        } finally {
            spark.stop();
        }
    }

    private static Map<String, Object> header(JobConfig config, String runId, String modelDir) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("job", config.job().name());
        report.put("run_id", runId);
        report.put("task", config.task());
        report.put("status", "succeeded");
        report.put("evaluated_model", modelDir);
        return report;
    }

    /**
     * Labelled texts read as the configuration says, tokenized and mapped to ids with the model's saved tokenizer
     * settings and vocabulary.
     */
    private static JavaRDD<LabeledSequence> texts(SparkSession spark, JavaSparkContext jsc, JobConfig config,
                                                  Preprocessing prep, boolean separateTest, String source,
                                                  Map<String, Long> dropped) {
        JobConfig saved = new JobConfig(config.job(), config.spark(), config.task(), config.data(), null, null,
                prep.text(), config.split(), config.model(), config.training(), config.resolved());
        // text.invalid comes from this run's configuration, the rest of the text settings from the model.
        JobConfig.TextSpec spec = withInvalid(prep.text(), config.text());
        TextExamples.Checked checked = TextExamples.prepare(separateTest ? TextSources.test(spark, saved)
                : TextSources.main(spark, saved), spec, source);
        dropped.putAll(checked.dropped());
        return TextExamples.toSequences(jsc, checked.examples(), prep.vocabulary(), prep.text().maxLength());
    }

    /** The model's text settings with text.invalid as this run says (the configuration's, else the model's). */
    private static JobConfig.TextSpec withInvalid(JobConfig.TextSpec saved, JobConfig.TextSpec run) {
        String invalid = run != null ? run.invalid() : saved.invalid();
        return new JobConfig.TextSpec(saved.textColumn(), saved.labelColumn(), saved.idColumn(), saved.tokenizer(),
                saved.lowercase(), saved.vocabSize(), saved.minCount(), saved.maxLength(), saved.encoding(), invalid);
    }

    /** Evaluations per partition on the executors, merged on the driver. */
    private static ClassificationMetrics classify(JavaRDD<LabeledSequence> sequences, Preprocessing prep,
                                                  NetworkBroadcast network) {
        List<String> labels = prep.labels().labels();
        boolean binary = labels.size() == 2;
        // Token ids go into the embedding unscaled.
        FeatureScaler scaler = prep.scaler() != null ? prep.scaler() : FeatureScaler.fit("none", null, 1);
        List<Partial> partials = sequences.mapPartitions(it -> {
            Partial p = new Partial(new Evaluation(labels), binary ? new ROC(0) : null);
            if (!it.hasNext()) {
                return List.of(p).iterator();
            }
            MultiLayerNetwork net = network.restore();
            Chunks.forEach(it, BATCH, batch -> {
                DataSet ds = MinibatchBuilder.toDataSet(batch, prep.labels(), scaler);
                INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null);
                p.evaluation().eval(ds.getLabels(), out);
                if (p.roc() != null) {
                    p.roc().eval(ds.getLabels(), out);
                }
            });
            return List.of(p).iterator();
        }).collect();
        Evaluation ev = partials.get(0).evaluation();
        ROC roc = partials.get(0).roc();
        for (Partial p : partials.subList(1, partials.size())) {
            ev.merge(p.evaluation());
            if (roc != null) {
                roc.merge(p.roc());
            }
        }
        return ClassificationMetrics.of(ev, roc, prep.labels());
    }

    private record Partial(Evaluation evaluation, ROC roc) implements Serializable {
    }
}
