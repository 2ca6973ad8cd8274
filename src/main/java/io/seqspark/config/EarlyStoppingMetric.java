package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** training.early-stopping.metric. */
public enum EarlyStoppingMetric implements ConfigChoice {
    VALIDATION_LOSS;

    /** Also what JSON holds (preprocessing.json, reports), in both directions. */
    @JsonValue
    @Override
    public String key() {
        return "validation_loss";
    }

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
