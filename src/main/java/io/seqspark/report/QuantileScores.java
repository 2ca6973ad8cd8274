package io.seqspark.report;

import java.util.List;

/**
 * Quantile forecasts scored on the original scale: GluonTS's mean_wQuantileLoss over the levels, each level's loss
 * and calibration, and each central interval's coverage and width. Values are null when nothing was scored.
 *
 * @param levels               model.quantiles, ascending
 * @param pointForecast        which forecast the point metrics score (the median or its stand-in)
 * @param values               forecast values scored
 * @param weightedQuantileLoss the mean over levels of {@code 2 * sum(pinball) / sum(|actual|)}
 * @param crossed              forecasts whose quantiles were out of order anywhere (a check: 0 expected)
 */
public record QuantileScores(List<Double> levels, String pointForecast, long values, Double weightedQuantileLoss,
                             List<Level> perLevel, List<Interval> intervals, long crossed) {

    /**
     * One level.
     *
     * @param weightedLoss    {@code 2 * sum(pinball) / sum(|actual|)} at this level
     * @param meanPinballLoss mean pinball loss per forecast value
     * @param shareBelow      the share of actual values at or below the level's forecast (about the level when
     *                        calibrated)
     */
    public record Level(double level, Double weightedLoss, Double meanPinballLoss, Double shareBelow) {
    }

    /**
     * The central interval between levels {@code lower} and {@code upper}.
     *
     * @param nominal   upper - lower: the coverage it should have
     * @param coverage  the share of actual values inside it
     * @param meanWidth its mean width on the original scale
     */
    public record Interval(double lower, double upper, double nominal, Double coverage, Double meanWidth) {
    }
}
