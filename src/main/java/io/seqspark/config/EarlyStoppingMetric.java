package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** training.early-stopping.metric. */
public enum EarlyStoppingMetric implements ConfigChoice {
    VALIDATION_LOSS("validation_loss");

    private final String key;

    EarlyStoppingMetric(String key) {
        this.key = key;
    }

    /** Also what JSON holds (preprocessing.json, reports), in both directions. */
    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key;
    }

    /** The constant spelled {@code key} in a job file, or null. */
    public static EarlyStoppingMetric of(String key) {
        return ConfigChoice.lookup(EarlyStoppingMetric.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(EarlyStoppingMetric.class);
    }
}
