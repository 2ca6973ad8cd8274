package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** sequence.window.normalize: each input window as is, or divided by its own level. */
public enum WindowNormalize implements ConfigChoice {
    NONE("none"),
    LEVEL("level");

    private final String key;

    WindowNormalize(String key) {
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
    public static WindowNormalize of(String key) {
        return ConfigChoice.lookup(WindowNormalize.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(WindowNormalize.class);
    }
}
