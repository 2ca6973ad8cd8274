package io.seqspark.tasks;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TaskType;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import io.seqspark.storage.RunWriter;
import io.seqspark.training.Checkpoints;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/**
 * One kind of model seqspark trains: sequence classification, forecasting, text classification or a character
 * language model, each in its own package. A task prepares its data (fitting its stages on the training split
 * only), builds and trains its network, evaluates it into report sections and scores new data with the model's
 * saved state. The drivers ({@code TrainJob}, {@code EvaluateJob}, {@code PredictJob}, the command line and the
 * {@code io.seqspark.ml} estimators) run the same lifecycle for every task and never ask which one they hold;
 * {@link Tasks} is the one place that picks it.
 */
public interface Task {
    /** The job file's {@code task} value of this task's models: classification, forecast or language-model. */
    TaskType taskKey();

    /** The kind of model in messages ("a &lt;kind&gt; model"): e.g. "text classification", "forecast", "language". */
    String modelKind();

    /**
     * Trains on the configuration's data, writes the model (network and preprocessing) and report.json into
     * {@code run} and returns the report.
     *
     * @param checkpoints where epoch checkpoints go (and a resumed run starts from), or null for none
     * @throws io.seqspark.UserError when the data or configuration cannot be trained on (exit 2)
     */
    RunReport train(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException;

    /**
     * A saved model scored on labelled data read as {@code config} says, with the model's saved preprocessing
     * (nothing is refitted).
     *
     * @return report.json's data, model, metrics and baselines sections ({@code metrics.test} holds the scores)
     */
    RunReport.Evaluation evaluate(SparkSession spark, JobConfig config, ModelBundle model) throws IOException;

    /**
     * Fails before any work when this task's models do not score rows (a language model writes text).
     *
     * @throws io.seqspark.UserError naming the model folder and the command to use instead
     */
    default void requireScoresRows(String modelDir) {
    }

    /** Why this task's models score no rows, for predict's task-mismatch message; empty when they do. */
    default String noRowsHint() {
        return "";
    }

    /**
     * The prediction rows of a saved model applied to {@code input} (read as {@code config.data()} says), computed
     * on the executors; the row layout is the task's (see the predict command's help).
     */
    Dataset<Row> predict(SparkSession spark, JobConfig config, ModelBundle model, String input) throws IOException;

    /** The console lines after train: the headline test scores of the run's report. */
    String trainSummary(RunReport report);

    /** The console line after evaluate: the headline test scores of the evaluation's report. */
    String evaluateSummary(RunReport report);
}
