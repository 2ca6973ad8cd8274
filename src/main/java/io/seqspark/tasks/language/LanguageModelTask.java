package io.seqspark.tasks.language;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.config.TaskType;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import io.seqspark.report.Scores;
import io.seqspark.storage.RunWriter;
import io.seqspark.tasks.Task;
import io.seqspark.training.Checkpoints;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/**
 * task = language-model: a character-level model of text (see {@link LanguageModelTraining}), evaluated by its
 * loss in nats per character ({@link LanguageModelEvaluation}); it writes text ({@link TextGenerator}) and scores
 * no rows.
 */
public final class LanguageModelTask implements Task {
    @Override
    public TaskType taskKey() {
        return TaskType.LANGUAGE_MODEL;
    }

    @Override
    public String modelKind() {
        return "language";
    }

    @Override
    public RunReport train(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        return LanguageModelTraining.run(spark, config, run, checkpoints);
    }

    @Override
    public RunReport.Evaluation evaluate(SparkSession spark, JobConfig config, ModelBundle model) {
        return LanguageModelEvaluation.sections(spark, config, model);
    }

    @Override
    public void requireScoresRows(String modelDir) {
        throw new UserError("--model " + modelDir + " is a language model: it writes text, it does not score rows; "
                + "use jobs/seqspark generate --model " + modelDir);
    }

    @Override
    public Dataset<Row> predict(SparkSession spark, JobConfig config, ModelBundle model, String input) {
        throw new UserError("a language model" + noRowsHint());
    }

    @Override
    public String noRowsHint() {
        return " (it writes text, it does not score rows; use generate)";
    }

    @Override
    public String trainSummary(RunReport report) {
        Scores.LanguageModel test = report.testScores(Scores.LanguageModel.class);
        return String.format("Test loss: %.4f nats per character (perplexity %.3f)", test.loss(), test.perplexity());
    }

    @Override
    public String evaluateSummary(RunReport report) {
        Scores.LanguageModel test = report.testScores(Scores.LanguageModel.class);
        return String.format("Test loss: %.4f nats per character (perplexity %.2f) on %s characters",
                test.loss(), test.perplexity(), test.tokens());
    }
}
