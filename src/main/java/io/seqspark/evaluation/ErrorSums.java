package io.seqspark.evaluation;

import io.seqspark.report.ForecastErrors;

import java.io.Serializable;

/**
 * Running sums of one forecaster's errors on the original scale, mergeable across partitions: RMSE, MAE,
 * sMAPE (percent, 0-200) and MASE.
 */
final class ErrorSums implements Serializable {
    long count;
    double squared;
    double absolute;
    double smape;
    double scaled;
    long scaledCount;

    /** @param maseScale the series' in-sample naive error for this target; not finite when unknown */
    void add(double actual, double forecast, double maseScale) {
        double e = forecast - actual;
        count++;
        squared += e * e;
        absolute += Math.abs(e);
        double denominator = Math.abs(actual) + Math.abs(forecast);
        smape += denominator == 0 ? 0 : 200 * Math.abs(e) / denominator;
        if (Double.isFinite(maseScale) && maseScale > 0) {
            scaled += Math.abs(e) / maseScale;
            scaledCount++;
        }
    }

    ErrorSums merge(ErrorSums o) {
        count += o.count;
        squared += o.squared;
        absolute += o.absolute;
        smape += o.smape;
        scaled += o.scaled;
        scaledCount += o.scaledCount;
        return this;
    }

    /** rmse, mae, smape, mase (null when no series had a usable scale) and the number of forecast values. */
    ForecastErrors errors() {
        return ForecastErrors.of(count == 0 ? null : Math.sqrt(squared / count), count == 0 ? null : absolute / count,
                count == 0 ? null : smape / count, scaledCount == 0 ? null : scaled / scaledCount, count);
    }
}
