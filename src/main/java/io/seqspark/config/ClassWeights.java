package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** training.class-weights: none, or balanced (loss weights n / (classes * n_c) from the training split). */
public enum ClassWeights implements ConfigChoice {
    NONE("none"),
    BALANCED("balanced");

    private final String key;

    ClassWeights(String key) {
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
    public static ClassWeights of(String key) {
        return ConfigChoice.lookup(ClassWeights.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(ClassWeights.class);
    }
}
