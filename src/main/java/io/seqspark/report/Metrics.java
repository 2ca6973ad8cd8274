package io.seqspark.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * report.json's {@code metrics}.
 *
 * @param test            the model's scores on the held-out test data
 * @param ensembleMembers forecasting with training.ensemble &gt; 1: each member's errors, in seed order; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Metrics(Scores test, List<ForecastErrors> ensembleMembers) {
    public static Metrics of(Scores test) {
        return new Metrics(test, null);
    }
}
