package io.seqspark.training;

import io.seqspark.config.JobConfig;
import io.seqspark.report.DataCounts;
import io.seqspark.report.ModelSummary;
import io.seqspark.report.ReportFiles;
import io.seqspark.report.RunReport;
import io.seqspark.report.TrainingSummary;
import io.seqspark.storage.RunWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The parts of a train run's report.json every task shares: job, data counts, model and training history. */
public final class ReportSections {
    static final String STATS_FILE = "training-stats.html";

    private ReportSections() {
    }

    /** A train run's report before the task adds its scores and sections. */
    public static RunReport common(JobConfig config, long nTrain, long nValidation, long nTest,
                                   SparkTrainer.Result result) {
        JobConfig.ModelSpec m = config.model();
        ModelSummary model = new ModelSummary(m.cell().key(), m.units(), m.head().key(), m.dropout(),
                m.dropoutType().key(), result.network().numParams(), null, null);
        return new RunReport(config.job().name(), config.job().runId(), config.task().key(), RunReport.SUCCEEDED,
                null, DataCounts.of(nTrain, nValidation, nTest), model, training(config, result), null, null, null,
                null, null);
    }

    private static TrainingSummary training(JobConfig config, SparkTrainer.Result result) {
        JobConfig.TrainingSpec spec = config.training();
        JobConfig.Optimizer options = spec.options();
        List<TrainingSummary.Epoch> history = new ArrayList<>();
        for (EpochStats s : result.history()) {
            // The rate the workers trained this epoch at (schedule, warm-up and scaling applied).
            history.add(new TrainingSummary.Epoch(s.epoch(),
                    spec.learningRate(s.epoch()) * spec.learningRateScale(result.workers()),
                    finiteOrNull(s.trainLoss()), finiteOrNull(s.validationLoss()), s.seconds(),
                    s.examplesPerSecond()));
        }
        TrainingSummary.EarlyStopping early = spec.earlyStoppingPatience() > 0
                ? new TrainingSummary.EarlyStopping(spec.earlyStoppingPatience(), "validation_loss",
                result.bestEpoch(), result.stoppedEarly()) : null;
        TrainingSummary.GradientClip clip = options.clipsGradients()
                ? new TrainingSummary.GradientClip(options.gradientClip(), options.gradientClipBy().key())
                : TrainingSummary.GradientClip.NONE;
        return new TrainingSummary(result.history().size(), result.trainSeconds(), result.examplesPerSecond(),
                spec.engine().key(), result.workers(), spec.batchSize(), spec.averagingFrequency(),
                spec.updater().key(), spec.learningRate(), options.learningRateSchedule().key(),
                options.warmupEpochs(), clip, options.weightDecay(), history, early,
                result.statsHtml() != null ? STATS_FILE : null, null);
    }

    /** report.json and report.html, and training-stats.html beside them when training.stats collected it. */
    public static void write(RunWriter run, RunReport report, SparkTrainer.Result result) throws IOException {
        ReportFiles.write(run, report);
        if (result.statsHtml() != null) {
            run.writeString(STATS_FILE, result.statsHtml());
        }
    }

    private static Double finiteOrNull(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
