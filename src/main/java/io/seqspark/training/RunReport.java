package io.seqspark.training;

import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.ReportFiles;
import io.seqspark.storage.RunWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of report.json every task shares: job, data counts, model and training history. */
public final class RunReport {
    static final String STATS_FILE = "training-stats.html";

    private RunReport() {
    }

    public static Map<String, Object> common(JobConfig config, long nTrain, long nValidation, long nTest,
                                      SparkTrainer.Result result) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("job", config.job().name());
        r.put("run_id", config.job().runId());
        r.put("task", config.task().key());
        r.put("status", "succeeded");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("train_examples", nTrain);
        data.put("validation_examples", nValidation);
        data.put("test_examples", nTest);
        r.put("data", data);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("cell", config.model().cell().key());
        model.put("units", config.model().units());
        model.put("head", config.model().head().key());
        model.put("dropout", config.model().dropout());
        model.put("dropout_type", config.model().dropoutType().key());
        model.put("parameters", result.network().numParams());
        r.put("model", model);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs_completed", result.history().size());
        training.put("wall_seconds", result.trainSeconds());
        training.put("examples_per_second", result.examplesPerSecond());
        training.put("engine", config.training().engine().key());
        training.put("workers", result.workers());
        training.put("batch_size_per_worker", config.training().batchSize());
        training.put("averaging_frequency", config.training().averagingFrequency());
        JobConfig.TrainingSpec spec = config.training();
        JobConfig.Optimizer options = spec.options();
        training.put("updater", spec.updater().key());
        training.put("learning_rate", spec.learningRate());
        training.put("learning_rate_schedule", options.learningRateSchedule().key());
        training.put("warmup_epochs", options.warmupEpochs());
        training.put("gradient_clip", options.clipsGradients()
                ? ReportFiles.section("norm", options.gradientClip(), "by", options.gradientClipBy().key()) : "none");
        training.put("weight_decay", options.weightDecay());
        List<Map<String, Object>> history = new ArrayList<>();
        for (EpochStats s : result.history()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", s.epoch());
            // The rate the workers trained this epoch at (schedule, warm-up and scaling applied).
            h.put("learning_rate", spec.learningRate(s.epoch()) * spec.learningRateScale(result.workers()));
            h.put("train_loss", finiteOrNull(s.trainLoss()));
            h.put("validation_loss", finiteOrNull(s.validationLoss()));
            h.put("seconds", s.seconds());
            h.put("examples_per_second", s.examplesPerSecond());
            history.add(h);
        }
        training.put("history", history);
        if (config.training().earlyStoppingPatience() > 0) {
            training.put("early_stopping", ReportFiles.section("patience", config.training().earlyStoppingPatience(),
                    "metric", "validation_loss", "best_epoch", result.bestEpoch(),
                    "stopped_early", result.stoppedEarly()));
        }
        if (result.statsHtml() != null) {
            training.put("stats_html", STATS_FILE);
        }
        r.put("training", training);
        return r;
    }

    /** report.json and report.html, and training-stats.html beside them when training.stats collected it. */
    public static void write(RunWriter run, Map<String, Object> report, SparkTrainer.Result result) throws IOException {
        ReportFiles.write(run, report);
        if (result.statsHtml() != null) {
            run.writeString(STATS_FILE, result.statsHtml());
        }
    }

    private static Double finiteOrNull(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
