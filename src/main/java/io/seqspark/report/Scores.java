package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's or a baseline's scores on test data: report.json's {@code metrics.test} and each entry of
 * {@code baselines}. Which kind a JSON object is follows from its keys (Jackson's deduction: accuracy and
 * f1_macro, accuracy and description, rmse, perplexity), so a report read back is typed again.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(Scores.Classification.class), @JsonSubTypes.Type(Scores.MajorityClass.class),
        @JsonSubTypes.Type(Scores.Forecast.class), @JsonSubTypes.Type(Scores.LanguageModel.class)})
public sealed interface Scores {
    String WEIGHTED_QUANTILE_LOSS = "weighted_quantile_loss";

    /** The test-metrics table's rows of report.html: the headline figures, by report.json key. */
    Map<String, Object> headline();

    /** The figures a model and its baselines both have (the baselines table's columns), by report.json key. */
    Map<String, Object> comparable();

    /** A baseline's: what it does; null for a model's scores. */
    default String description() {
        return null;
    }

    /** An ordered map of keys and values, leaving out null values. */
    private static Map<String, Object> figures(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return m;
    }

    /**
     * A classifier's test scores.
     *
     * @param examples              test examples scored
     * @param f1Macro               F1 averaged over the classes with equal weight
     * @param auc                   area under the ROC curve, binary tasks only (else null)
     * @param perClass              precision, recall, F1 and support of each class, in label-index order
     * @param topConfusions         text classification: the most frequent (actual, predicted) errors
     * @param misclassifiedExamples text classification: a sample of test texts the model got wrong
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Classification(long examples, double accuracy, double f1Macro, Double auc, List<ClassScore> perClass,
                          ConfusionMatrix confusionMatrix, List<Confusion> topConfusions,
                          List<Misclassified> misclassifiedExamples) implements Scores {
        @Override
        public Map<String, Object> headline() {
            return figures("examples", examples, "accuracy", accuracy, "f1_macro", f1Macro, "auc", auc);
        }

        @Override
        public Map<String, Object> comparable() {
            return figures("accuracy", accuracy);
        }

        public Classification withTextSamples(List<Confusion> top, List<Misclassified> misclassified) {
            return new Classification(examples, accuracy, f1Macro, auc, perClass, confusionMatrix, top,
                    misclassified);
        }
    }

    /** The majority-class baseline: always the most frequent training class. */
    record MajorityClass(String description, double accuracy) implements Scores {
        @Override
        public Map<String, Object> headline() {
            return figures("accuracy", accuracy);
        }

        @Override
        public Map<String, Object> comparable() {
            return figures("accuracy", accuracy);
        }
    }

    /**
     * A forecaster's errors on the original scale over every forecast value (each window, horizon step and
     * target): RMSE, MAE, sMAPE (percent, 0-200) and MASE (Hyndman &amp; Koehler 2006, scaled by each series'
     * in-sample naive error); null when nothing was scored.
     *
     * @param description          a baseline's: what it does
     * @param values               forecast values scored
     * @param quantiles            with model.quantiles: coverage, widths and losses of the quantile forecasts
     * @param perStep              with a horizon over 1: the same errors per horizon step
     * @param aic                  exponential smoothing with one fit: its AIC
     * @param aicc                 exponential smoothing with one fit: its AICc
     * @param models               exponential smoothing: the number of fits of each form
     * @param nonSeasonal          exponential smoothing: fits that fell back to a non-seasonal form, by reason
     */
    record Forecast(@JsonInclude(JsonInclude.Include.NON_NULL) String description, Double rmse, Double mae,
                    Double smape, Double mase, long values,
                    @JsonInclude(JsonInclude.Include.NON_NULL) QuantileScores quantiles,
                    @JsonInclude(JsonInclude.Include.NON_NULL) List<ForecastErrors> perStep,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double aic,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double aicc,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> models,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> nonSeasonal) implements Scores {

        /**
         * With model.quantiles: GluonTS's mean_wQuantileLoss (that of {@code quantiles}); null without quantiles or
         * when nothing was scored.
         */
        public Double weightedQuantileLoss() {
            return quantiles == null ? null : quantiles.weightedQuantileLoss();
        }

        /**
         * report.json's {@code weighted_quantile_loss} beside the point errors: written whenever the quantiles
         * are, null when nothing was scored (a plain nullable component would either always be written or vanish
         * when null).
         */
        @JsonAnyGetter
        Map<String, Object> quantileLossKey() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (quantiles != null) {
                m.put(WEIGHTED_QUANTILE_LOSS, quantiles.weightedQuantileLoss());
            }
            return m;
        }

        @Override
        public Map<String, Object> headline() {
            Map<String, Object> m = comparable();
            m.putAll(figures(WEIGHTED_QUANTILE_LOSS, weightedQuantileLoss()));
            return m;
        }

        /** RMSE, MAE, sMAPE and MASE (those scored). */
        @Override
        public Map<String, Object> comparable() {
            return figures("rmse", rmse, "mae", mae, "smape", smape, "mase", mase);
        }

        public static Forecast of(ForecastErrors e) {
            return new Forecast(null, e.rmse(), e.mae(), e.smape(), e.mase(), e.values(), null, null, null, null,
                    null, null);
        }

        public Forecast describedAs(String what) {
            return new Forecast(what, rmse, mae, smape, mase, values, quantiles, perStep, aic, aicc, models,
                    nonSeasonal);
        }

        public Forecast withQuantiles(QuantileScores q) {
            return new Forecast(description, rmse, mae, smape, mase, values, q, perStep, aic, aicc, models,
                    nonSeasonal);
        }

        public Forecast withPerStep(List<ForecastErrors> steps) {
            return new Forecast(description, rmse, mae, smape, mase, values, quantiles, steps, aic, aicc, models,
                    nonSeasonal);
        }

        /** Exponential smoothing: what was fitted. */
        public Forecast withFits(String what, Double aicOfOne, Double aiccOfOne, Map<String, Long> forms,
                                 Map<String, Long> fallback) {
            return new Forecast(what, rmse, mae, smape, mase, values, quantiles, perStep, aicOfOne, aiccOfOne, forms,
                    fallback);
        }
    }

    /**
     * A language model's (or a baseline's) loss on test text: mean negative log-likelihood per predicted token.
     *
     * @param description      a baseline's: what it does
     * @param loss             nats per token
     * @param perplexity       exp(loss)
     * @param tokens           predicted positions scored
     * @param unit             "nats per token"
     * @param context          how the model read the text for {@code loss}
     * @param windowLoss       the loss with the state reset every text.max-length characters, as in training
     * @param windowPerplexity exp(windowLoss)
     * @param windowContext    how the model read the text for {@code windowLoss}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LanguageModel(String description, double loss, double perplexity, long tokens, String unit,
                         String context, Double windowLoss, Double windowPerplexity, String windowContext)
            implements Scores {
        public static final String UNIT = "nats per token";

        @Override
        public Map<String, Object> headline() {
            return figures("loss", loss, "perplexity", perplexity, "tokens", tokens, "context", context,
                    "window_loss", windowLoss, "window_perplexity", windowPerplexity, "window_context",
                    windowContext);
        }

        @Override
        public Map<String, Object> comparable() {
            return figures("loss", loss, "perplexity", perplexity);
        }

        public static LanguageModel of(double loss, long tokens) {
            return new LanguageModel(null, loss, Math.exp(loss), tokens, UNIT, null, null, null, null);
        }

        public LanguageModel describedAs(String what) {
            return new LanguageModel(what, loss, perplexity, tokens, unit, context, windowLoss, windowPerplexity,
                    windowContext);
        }

        public LanguageModel withWindows(String carriedContext, LanguageModel windows, String resetContext) {
            return new LanguageModel(description, loss, perplexity, tokens, unit, carriedContext, windows.loss(),
                    windows.perplexity(), resetContext);
        }
    }

    /** One class: precision, recall and F1 (0 when undefined) and support (its test examples). */
    record ClassScore(String label, double precision, double recall, double f1, long support) {
    }

    /**
     * {@code counts.get(actual).get(predicted)}, rows and columns in {@code labels} order (lists, not arrays, so
     * that equal reports are equal).
     */
    record ConfusionMatrix(List<String> labels, String rows, String columns, List<List<Long>> counts) {
        public static ConfusionMatrix of(List<String> labels, long[][] counts) {
            return new ConfusionMatrix(labels, "actual", "predicted",
                    Arrays.stream(counts).map(row -> Arrays.stream(row).boxed().toList()).toList());
        }
    }

    /** One off-diagonal cell of the confusion matrix. */
    record Confusion(String actual, String predicted, long count) {
    }

    /** A test text the model got wrong, with the probability it gave its (wrong) prediction. */
    record Misclassified(String text, String actual, String predicted, double probability) {
    }
}
