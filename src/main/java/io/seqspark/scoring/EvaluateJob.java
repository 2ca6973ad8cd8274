package io.seqspark.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.ClassificationMetrics;
import io.seqspark.evaluation.ForecastEvaluator;
import io.seqspark.evaluation.HtmlReport;
import io.seqspark.models.ModelBundle;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunStore;
import io.seqspark.storage.RunWriter;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.ForecastWindows;
import io.seqspark.sources.TextSources;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.text.TextExamples;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SequenceAssembler;
import io.seqspark.vectorize.Splitter;
import org.apache.spark.api.java.JavaRDD;
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
 * test period (the last split.test) of every series, against the naive and seasonal-naive baselines.
 */
public final class EvaluateJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int BATCH = 256;

    private EvaluateJob() {
    }

    /** @return the report, or null when the run id had already completed (nothing done) */
    public static Map<String, Object> run(JobConfig config, String modelDir) throws IOException {
        ModelBundle model = ModelBundle.load(modelDir);
        Preprocessing prep = model.preprocessing();
        if ((prep.forecast() != null) != config.forecasting()) {
            throw new UserError("--model " + modelDir + " is a " + (prep.forecast() != null ? "forecast" : "classification")
                    + " model but task = " + config.task() + " in the configuration");
        }
        RunStore store = new RunStore(config.job().output(), config.job().name());
        String runId = config.job().runId();
        if (store.isComplete(runId) && !config.job().overwrite()) {
            return null;
        }
        SparkSession spark = SparkSessions.start(config);
        try (RunWriter run = store.begin(runId)) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            boolean separateTest = config.data().testPath() != null;
            String source = separateTest ? config.data().testPath() : config.data().source();
            JavaRDD<LabeledSequence> sequences = (prep.textual() ? texts(spark, jsc, config, prep, separateTest, source)
                    : SequenceAssembler.toSequences(SequenceAssembler.assemble(
                    separateTest ? DataSources.test(spark, config.data()) : DataSources.main(spark, config.data()),
                    prep.sequence(), source))).persist(StorageLevel.MEMORY_AND_DISK());
            NetworkBroadcast network = NetworkBroadcast.of(jsc, model.network());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("job", config.job().name());
            report.put("run_id", runId);
            report.put("task", config.task());
            report.put("status", "succeeded");
            report.put("evaluated_model", modelDir);
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
                ForecastEvaluator.Result scores = ForecastEvaluator.evaluate(jsc, model.network(), test,
                        prep.seriesScalers(), prep.forecast(), BATCH, ForecastEvaluator.plottedSeriesOf(test));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("train_examples", 0);
                data.put("validation_examples", 0);
                data.put("test_examples", n);
                data.put("series", sequences.count());
                data.put("series_skipped", ForecastWindows.skipped(sequences, prep.forecast(), config.split(),
                        Splitter.TEST, source));
                report.put("data", data);
                report.put("metrics", Map.of("test", scores.model()));
                report.put("baselines", scores.baselines(prep.forecast().season()));
            } else {
                prep.labels().requireKnown(sequences, prep.textual() ? String.valueOf(prep.text().labelColumn())
                        : prep.sequence().labelColumn(), source);
                ClassificationMetrics metrics = classify(sequences, prep, network);
                report.put("data", Map.of("train_examples", 0, "validation_examples", 0,
                        "test_examples", metrics.examples()));
                modelSection.put("classes", prep.labels().labels());
                report.put("metrics", Map.of("test", metrics.toReport()));
                report.put("baselines", Map.of("majority_class", metrics.majorityBaseline(prep.labels())));
                LOG.info("Accuracy {} (macro F1 {}) on {} sequences of {}", String.format("%.4f", metrics.accuracy()),
                        String.format("%.4f", metrics.f1Macro()), metrics.examples(), source);
            }
            network.destroy();
            run.writeString("report.json", JSON.writeValueAsString(report));
            run.writeString("report.html", HtmlReport.render(report));
            run.commit(config.job().overwrite());
            store.markLatest(runId);
            return report;
        } finally {
            spark.stop();
        }
    }

    /**
     * Labelled texts read as the configuration says, tokenized and mapped to ids with the model's saved tokenizer
     * settings and vocabulary.
     */
    private static JavaRDD<LabeledSequence> texts(SparkSession spark, JavaSparkContext jsc, JobConfig config,
                                                  Preprocessing prep, boolean separateTest, String source) {
        JobConfig saved = new JobConfig(config.job(), config.spark(), config.task(), config.data(), null, null,
                prep.text(), config.split(), config.model(), config.training(), config.resolved());
        TextExamples.Checked checked = TextExamples.prepare(separateTest ? TextSources.test(spark, saved)
                : TextSources.main(spark, saved), prep.text(), source);
        return TextExamples.toSequences(jsc, checked.examples(), prep.vocabulary(), prep.text().maxLength());
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
