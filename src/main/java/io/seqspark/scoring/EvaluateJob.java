package io.seqspark.scoring;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.ReportFiles;
import io.seqspark.report.RunReport;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.storage.RunLock;
import io.seqspark.storage.RunStore;
import io.seqspark.storage.RunWriter;
import io.seqspark.storage.Storage;
import io.seqspark.tasks.Task;
import io.seqspark.tasks.Tasks;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/**
 * The evaluate command: a saved model scored on labelled data with its saved preprocessing (nothing is refitted),
 * written as a run like training's (report.json, report.html, _SUCCESS; no model folder). What is scored and how
 * is the model's task's ({@link Task#evaluate}).
 */
public final class EvaluateJob {
    private EvaluateJob() {
    }

    /**
     * @return the report, or null when the run id had already completed (nothing done)
     * @throws UserError when the model's task is not the configuration's
     */
    public static RunReport run(JobConfig config, String modelDir) throws IOException {
        ModelBundle model = ModelBundle.load(modelDir);
        // The job-file task must match; text or numeric classification is the model's (a config without a text
        // section evaluates a text model with the model's text settings).
        Task task = Tasks.of(model);
        if (task.taskKey() != config.task()) {
            throw new UserError("--model " + modelDir + " is a " + task.taskKey() + " model but task = "
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
            SparkSession spark = SparkSessions.start(config);
            try (RunWriter run = store.begin(lock, runId)) {
                RunReport report = RunReport.evaluation(config.job().name(), runId, config.task().key(), modelDir,
                        task.evaluate(spark, config, model));
                ReportFiles.write(run, report);
                run.commit(config.job().overwrite());
                return report;
            } finally {
                spark.stop();
            }
        }
    }
}
