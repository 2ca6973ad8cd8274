package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** training.learning-rate-scaling: what the workers' learning rate is multiplied by. */
public enum LearningRateScaling implements ConfigChoice {
    NONE("none"),
    LINEAR("linear");

    private final String key;

    LearningRateScaling(String key) {
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
    public static LearningRateScaling of(String key) {
        return ConfigChoice.lookup(LearningRateScaling.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(LearningRateScaling.class);
    }
}
