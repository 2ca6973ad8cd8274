package io.seqspark.vectorize;

import io.seqspark.evaluation.ExponentialSmoothing;

import java.io.Serializable;

/**
 * One forecasting example on the original scale: {@code inputs[lookback][features]} (targets first, then
 * covariates) and the {@code targets[horizon][targetColumns]} that follow them. Evaluation windows also carry the
 * baselines' forecasts for the same steps and the series' MASE scale, so model and baselines are scored on exactly
 * the same windows.
 *
 * @param series        the series id
 * @param part          Splitter.TRAIN, VALIDATION or TEST: the split the forecast steps fall in
 * @param origin        index in the series of the first forecast step
 * @param naive         the last input value of each target, repeated (null on training windows)
 * @param seasonalNaive the value one season before each forecast step, from observed history only (null on
 *                      training windows or without a season)
 * @param maseScale     per target, the in-sample mean absolute error of the (seasonal) naive forecast on the
 *                      series' training period (null on training windows)
 * @param ets           the exponential-smoothing baseline's forecasts, NaN for a target it could not be fitted on
 *                      (null on training windows)
 * @param etsFits       per target, the exponential-smoothing model fitted on the series' training period (null on
 *                      training windows; an element is null where no model could be fitted)
 */
public record ForecastWindow(String series, String part, int origin, float[][] inputs, float[][] targets,
                             float[][] naive, float[][] seasonalNaive, double[] maseScale, float[][] ets,
                             ExponentialSmoothing.Fitted[] etsFits) implements Serializable {
    /** A window without baselines (training, or a forecast to make). */
    public ForecastWindow(String series, String part, int origin, float[][] inputs, float[][] targets) {
        this(series, part, origin, inputs, targets, null, null, null, null, null);
    }

    /** This window with the exponential-smoothing baseline's forecasts and the series' fitted models. */
    public ForecastWindow withEts(float[][] forecasts, ExponentialSmoothing.Fitted[] fits) {
        return new ForecastWindow(series, part, origin, inputs, targets, naive, seasonalNaive, maseScale, forecasts,
                fits);
    }
}
