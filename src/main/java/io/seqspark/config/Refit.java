package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** backtest.refit: forecast every origin with the trained network, or train it again before each origin. */
public enum Refit implements ConfigChoice {
    NONE("none"),
    EVERY_ORIGIN("every-origin");

    private final String key;

    Refit(String key) {
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
    public static Refit of(String key) {
        return ConfigChoice.lookup(Refit.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Refit.class);
    }
}
