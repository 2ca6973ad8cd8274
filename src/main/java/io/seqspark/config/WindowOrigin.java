package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** sequence.window.origin: forecast windows in absolute values, or relative to the last input value. */
public enum WindowOrigin implements ConfigChoice {
    ABSOLUTE("absolute"),
    LAST("last");

    private final String key;

    WindowOrigin(String key) {
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
    public static WindowOrigin of(String key) {
        return ConfigChoice.lookup(WindowOrigin.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(WindowOrigin.class);
    }
}
