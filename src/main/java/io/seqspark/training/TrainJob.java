package io.seqspark.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.ClassificationMetrics;
import io.seqspark.evaluation.HtmlReport;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.ModelFactory;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunStore;
import io.seqspark.storage.RunWriter;
import io.seqspark.vectorize.FeatureScaler;
import io.seqspark.vectorize.LabelIndex;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SequenceAssembler;
import io.seqspark.vectorize.Splitter;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The train command: load, vectorize, train with parameter averaging, evaluate on the held-out test split and
 * write model, report.json, report.html and _SUCCESS as one atomic run.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param alreadyComplete the run id had completed before, so nothing was trained
     * @param report          the report that was written (null when nothing was trained)
     */
    public record Outcome(String runDir, boolean alreadyComplete, Map<String, Object> report) {
    }

    private TrainJob() {
    }

    public static Outcome run(JobConfig config) throws IOException {
        return run(config, false);
    }

    /** @param resume continue an incomplete run from its newest checkpoint instead of starting over */
    public static Outcome run(JobConfig config, boolean resume) throws IOException {
        SparkSession spark = SparkSessions.start(config);
        try {
            RunStore store = new RunStore(config.job().output(), config.job().name());
            String runId = config.job().runId();
            if (store.isComplete(runId) && !config.job().overwrite()) {
                return new Outcome(store.runDir(runId).toString(), true, null);
            }
            Checkpoints checkpoints = config.training().checkpoints() ? new Checkpoints(store.checkpointsDir(runId))
                    : null;
            if (checkpoints != null && !(resume && checkpoints.loadLatest().isPresent())) {
                if (resume) {
                    LOG.info("--resume: run {} has no checkpoint yet; starting from the first epoch", runId);
                }
                checkpoints.discard();
            }
            try (RunWriter run = store.begin(runId)) {
                Map<String, Object> report = trainAndEvaluate(spark, config, run, checkpoints);
                if (checkpoints != null) {
                    checkpoints.moveInto(run.workDir());
                }
                String dir = run.commit(config.job().overwrite()).toString();
                store.markLatest(runId);
                return new Outcome(dir, false, report);
            }
        } finally {
            spark.stop();
        }
    }

    private static Map<String, Object> trainAndEvaluate(SparkSession spark, JobConfig config, RunWriter run,
                                                        Checkpoints checkpoints) throws IOException {
        return config.forecasting() ? ForecastJob.run(spark, config, run, checkpoints)
                : ClassificationJob.run(spark, config, run, checkpoints);
    }
}
