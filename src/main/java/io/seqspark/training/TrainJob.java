package io.seqspark.training;

import io.seqspark.config.JobConfig;
import io.seqspark.models.Provenance;
import io.seqspark.report.RunReport;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.storage.RunLock;
import io.seqspark.storage.RunStore;
import io.seqspark.storage.RunWriter;
import io.seqspark.storage.Storage;
import io.seqspark.tasks.Tasks;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

/**
 * The train command: load, vectorize, train with parameter averaging, evaluate on the held-out test split and
 * write model, report.json, report.html and _SUCCESS as one atomic run. The run id is locked before Spark starts,
 * so a second run of a live id fails at once.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    /**
     * @param alreadyComplete the run id had completed before, so nothing was trained
     * @param report          the report that was written (null when nothing was trained)
     */
    public record Outcome(String runDir, boolean alreadyComplete, RunReport report) {
    }

    private TrainJob() {
    }

    public static Outcome run(JobConfig config) throws IOException {
        return run(config, false);
    }

    /** @param resume continue an incomplete run from its newest checkpoint instead of starting over */
    public static Outcome run(JobConfig config, boolean resume) throws IOException {
        return run(config, resume, null);
    }

    /**
     * The same run in a Spark session that the caller owns (a driver program, a notebook, the io.seqspark.ml
     * estimators): it is neither started nor stopped here, so its temporary views are visible to data.format =
     * table.
     */
    public static Outcome run(SparkSession spark, JobConfig config) throws IOException {
        return run(config, false, spark);
    }

    /** @param given the caller's session, or null to start the job's own and stop it at the end */
    private static Outcome run(JobConfig config, boolean resume, SparkSession given) throws IOException {
        RunStore store = new RunStore(config.job().output(), config.job().name(),
                Storage.hadoopConf(config.spark().conf()));
        String runId = config.job().runId();
        try (RunLock lock = store.lock(runId)) {
            if (store.isComplete(runId) && !config.job().overwrite()) {
                return new Outcome(store.runDir(runId).toString(), true, null);
            }
            store.requireNoForeignFolder(runId, config.job().overwrite());
            SparkSession spark = given != null ? given : SparkSessions.start(config);
            try {
                Checkpoints checkpoints = config.training().checkpoints()
                        ? new Checkpoints(store.checkpointsDir(runId)) : null;
                if (checkpoints != null && !(resume && checkpoints.loadLatest().isPresent())) {
                    if (resume) {
                        LOG.info("--resume: run {} has no checkpoint yet; starting from the first epoch", runId);
                    }
                    checkpoints.discard();
                }
                try (RunWriter run = store.begin(lock, runId)) {
                    Instant started = Instant.now();
                    RunReport report = Tasks.of(config).train(spark, config, run, checkpoints);
                    Provenance.of(spark, config, report, started, Instant.now()).writeTo(run);
                    if (checkpoints != null) {
                        checkpoints.moveInto(run.workDir());
                    }
                    String dir = run.commit(config.job().overwrite()).toString();
                    return new Outcome(dir, false, report);
                }
            } finally {
                if (given == null) {
                    spark.stop();
                }
            }
        }
    }
}
