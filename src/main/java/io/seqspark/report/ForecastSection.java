package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.List;

/**
 * report.json's {@code forecast}: the window spec and scaling the model was trained with, and the data of the
 * forecast-vs-actual chart.
 *
 * @param targets        the forecast columns
 * @param inputs         the columns fed at each step
 * @param series         number of series
 * @param seriesScalers  the scalers fitted (one per series with scaling per series, else one)
 * @param quantiles      model.quantiles when the model forecasts quantiles; else null
 * @param transform      sequence.transform as fitted
 * @param boxCoxLambda   with a Box-Cox transform: each target's lambda
 * @param windowNormalize sequence.window.normalize
 * @param ensemble       training.ensemble: members trained
 * @param plot           the plotted series
 */
public record ForecastSection(List<String> targets, List<String> inputs, List<String> futureColumns,
                              List<String> staticColumns, List<String> calendar, int lookback, int horizon,
                              int stride, int season, String windowOrigin, long series, String scaling,
                              String scalingScope, int seriesScalers,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> quantiles, String transform,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> boxCoxLambda,
                              String windowNormalize, int ensemble, Plot plot) {

    /**
     * One series' first target: its actual values from {@code firstStep} on, and the one-step-ahead forecasts of
     * every test window of it.
     *
     * @param firstStep        the time index of {@code actual[0]}
     * @param validationStart  where the validation period starts (time index)
     * @param testStart        where the test period starts (time index)
     * @param quantiles        the levels of each point's quantiles; null without quantile forecasts
     */
    public record Plot(String series, String target, int firstStep, int validationStart, int testStart,
                       List<Double> actual, List<Point> oneStepForecasts,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> quantiles) {
    }

    /**
     * One step's one-step-ahead forecasts on the original scale: the model's, the naive, seasonal naive (null
     * without a season) and exponential smoothing's (null when not fitted), and the model's quantiles (null
     * without quantile forecasts).
     */
    public record Point(int step, double actual, double model, double naive,
                        @JsonProperty("seasonal_naive") Double seasonalNaive, Double ets,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> quantiles)
            implements Serializable {
    }
}
