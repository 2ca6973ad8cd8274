package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * report.json's {@code backtest}: a rolling-origin evaluation (Tashman 2000) of the model and the baselines from
 * {@code origins} forecast origins per series, {@code step} steps apart.
 *
 * @param refit                 backtest.refit: none or every-origin
 * @param refitTrainingWindows  with refit = every-origin: the windows trained on before each origin; else null
 * @param series                series backtested
 * @param seriesSkipped         series too short for the backtest
 * @param forecasts             (series, origin) forecasts made
 * @param forecastsBeforeTestPeriod forecasts from origins inside the steps the network trained on
 * @param originPositions       where each origin lies
 * @param forecasters           by forecaster (model, naive, ...): its errors overall, per origin, per step and
 *                              per (origin, step)
 */
public record BacktestSection(int origins, int step, String refit,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> refitTrainingWindows,
                              int horizon, long series, DataCounts.Skipped seriesSkipped, long forecasts,
                              long forecastsBeforeTestPeriod, List<OriginPosition> originPositions,
                              Map<String, Forecaster> forecasters) {

    /**
     * @param stepsBeforeEnd how far before the series' end the origin lies
     * @param firstIndex     the origin's first forecast step over the series (time index); null when none
     * @param lastIndex      the same, the last
     */
    public record OriginPosition(int origin, int stepsBeforeEnd, Integer firstIndex, Integer lastIndex) {
    }

    /** One forecaster's backtest errors. */
    public record Forecaster(String description, ForecastErrors overall, List<ForecastErrors> perOrigin,
                             List<ForecastErrors> perStep, List<List<ForecastErrors>> perOriginStep) {
    }
}
