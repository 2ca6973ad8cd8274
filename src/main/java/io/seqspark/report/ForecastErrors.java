package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A forecaster's errors over part of its forecasts (one horizon step, one backtest origin, one ensemble member):
 * RMSE, MAE, sMAPE (percent, 0-200) and MASE on the original scale, each null when nothing was scored (MASE also
 * when no series had a usable scale), and the number of forecast values. Which part is numbered by the one of
 * {@code member}, {@code origin}, {@code step} that is set (1-based).
 *
 * @param quantiles a probabilistic model's quantile scores for this horizon step; else null
 */
public record ForecastErrors(@JsonInclude(JsonInclude.Include.NON_NULL) Integer member,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer origin,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer step,
                             Double rmse, Double mae, Double smape, Double mase, long values,
                             @JsonInclude(JsonInclude.Include.NON_NULL) QuantileScores quantiles) {

    public static ForecastErrors of(Double rmse, Double mae, Double smape, Double mase, long values) {
        return new ForecastErrors(null, null, null, rmse, mae, smape, mase, values, null);
    }

    public ForecastErrors ofMember(int m) {
        return new ForecastErrors(m, origin, step, rmse, mae, smape, mase, values, quantiles);
    }

    public ForecastErrors atOrigin(int o) {
        return new ForecastErrors(member, o, step, rmse, mae, smape, mase, values, quantiles);
    }

    public ForecastErrors atStep(int s) {
        return new ForecastErrors(member, origin, s, rmse, mae, smape, mase, values, quantiles);
    }

    public ForecastErrors withQuantiles(QuantileScores q) {
        return new ForecastErrors(member, origin, step, rmse, mae, smape, mase, values, q);
    }
}
