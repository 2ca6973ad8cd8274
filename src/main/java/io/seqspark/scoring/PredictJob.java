package io.seqspark.scoring;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.storage.Storage;
import io.seqspark.tasks.Task;
import io.seqspark.tasks.Tasks;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.UUID;

/**
 * Batch scoring: a saved model applied to new rows on the executors, with the preprocessing saved at training
 * time (columns, scalers, label index, window spec); the rows written are the model's task's
 * ({@link Task#predict}: one row per sequence or text for a classifier, the next horizon steps of every series for
 * a forecaster). Writes Parquet atomically (a hidden temporary folder renamed into place), never over an existing
 * output.
 */
public final class PredictJob {
    private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);

    private PredictJob() {
    }

    /**
     * @param config the model's saved configuration (model/config.conf) with the command's overrides; its
     *               data section says how to read {@code input}
     * @return the number of rows written
     */
    public static long run(JobConfig config, String modelDir, String input, String output) throws IOException {
        Path out = new Path(output);
        FileSystem fs = Storage.fileSystem(out);
        out = fs.makeQualified(out);
        if (out.getParent() == null) {
            throw new UserError("--output " + output + ": expected a new folder to write into, not the root of a "
                    + "file system");
        }
        if (fs.exists(out)) {
            throw new UserError("--output " + output + ": already exists; predict never overwrites (choose a new "
                    + "path, e.g. one per run date)");
        }
        ModelBundle model = ModelBundle.load(modelDir);
        Task task = Tasks.of(model);
        if (task.taskKey() != config.task()) {
            throw new UserError("task = " + config.task() + ", but --model " + modelDir + " is a " + task.taskKey()
                    + " model" + task.noRowsHint());
        }
        task.requireScoresRows(modelDir);
        SparkSession spark = SparkSessions.start(config);
        try {
            Dataset<Row> predictions = task.predict(spark, config, model, input);
            Path tmp = new Path(out.getParent(), "." + out.getName() + ".inprogress-" + UUID.randomUUID());
            long n;
            boolean renamed = false;
            try {
                predictions.write().parquet(tmp.toString());
                n = spark.read().parquet(tmp.toString()).count();
                renamed = Storage.renameNoReplace(fs, tmp, out);
                if (!renamed) {
                    if (fs.exists(out)) {
                        throw new UserError("--output " + output + ": appeared while predict was running (another "
                                + "job writing there?); it was left as it is and nothing was written");
                    }
                    throw new IOException("cannot rename the finished predictions to " + out);
                }
            } finally {
                if (!renamed) {
                    fs.delete(tmp, true); // a failed write leaves nothing behind
                }
            }
            LOG.info("Wrote {} prediction rows to {}", n, out);
            return n;
        } finally {
            spark.stop();
        }
    }
}
