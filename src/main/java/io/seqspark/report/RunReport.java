package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * report.json of a train or evaluate run, and a fitted estimator's training summary: one record, serialised by
 * Jackson ({@link ReportFiles}) with snake_case keys. The sections a task does not produce are null and left out.
 *
 * @param job            job.name
 * @param runId          job.run-id
 * @param task           the job file's task value: classification, forecast or language-model
 * @param status         "succeeded" (a failed run writes no report)
 * @param evaluatedModel the model folder an evaluate run scored; null for train
 * @param data           example counts and what was left out of the data
 * @param model          the network: cell, units, parameter count, classes or vocabulary
 * @param training       epochs, timings, optimiser settings and per-epoch history; null for evaluate
 * @param metrics        the test scores ({@code metrics.test})
 * @param baselines      the same scores of simple baselines on the same test set, by name
 * @param forecast       forecasting: the window spec, scaling and the forecast-vs-actual chart's data
 * @param backtest       forecasting with backtest.origins: the rolling-origin backtest
 * @param text           text tasks: tokenizer, vocabulary, embedding and (language models) sample text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(String job, String runId, String task, String status, String evaluatedModel,
                        DataCounts data, ModelSummary model, TrainingSummary training, Metrics metrics,
                        Map<String, Scores> baselines, ForecastSection forecast, BacktestSection backtest,
                        TextSection text) {
    public static final String SUCCEEDED = "succeeded";

    /** An evaluate run's report: the evaluated model's folder and the task's evaluation sections. */
    public static RunReport evaluation(String job, String runId, String task, String modelDir, Evaluation e) {
        return new RunReport(job, runId, task, SUCCEEDED, modelDir, e.data(), e.model(), null, e.metrics(),
                e.baselines(), null, null, null);
    }

    /** {@code metrics.test}. */
    public Scores testScores() {
        return metrics.test();
    }

    /** {@code metrics.test} as the scores of one kind of task. */
    public <S extends Scores> S testScores(Class<S> kind) {
        return kind.cast(metrics.test());
    }

    /** The baseline named {@code name} as the scores of one kind of task. */
    public <S extends Scores> S baseline(String name, Class<S> kind) {
        return kind.cast(baselines.get(name));
    }

    public RunReport withData(DataCounts d) {
        return new RunReport(job, runId, task, status, evaluatedModel, d, model, training, metrics, baselines,
                forecast, backtest, text);
    }

    public RunReport withModel(ModelSummary m) {
        return new RunReport(job, runId, task, status, evaluatedModel, data, m, training, metrics, baselines,
                forecast, backtest, text);
    }

    public RunReport withTraining(TrainingSummary t) {
        return new RunReport(job, runId, task, status, evaluatedModel, data, model, t, metrics, baselines,
                forecast, backtest, text);
    }

    /** The task's scores and baselines. */
    public RunReport withScores(Metrics m, Map<String, Scores> b) {
        return new RunReport(job, runId, task, status, evaluatedModel, data, model, training, m, b, forecast,
                backtest, text);
    }

    public RunReport withForecast(ForecastSection f, BacktestSection b) {
        return new RunReport(job, runId, task, status, evaluatedModel, data, model, training, metrics, baselines,
                f, b, text);
    }

    public RunReport withText(TextSection t) {
        return new RunReport(job, runId, task, status, evaluatedModel, data, model, training, metrics, baselines,
                forecast, backtest, t);
    }

    /**
     * What a task's evaluation contributes to an evaluate run's report.
     *
     * @param data      the scored data's counts (train and validation 0)
     * @param model     what the evaluated model is (at least its parameter count)
     * @param metrics   the scores
     * @param baselines the baselines' scores on the same data
     */
    public record Evaluation(DataCounts data, ModelSummary model, Metrics metrics, Map<String, Scores> baselines) {
    }
}
