package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * sequence.missing: what a step with a missing (null, NaN or infinite) value does: stop the run, drop the row, or
 * carry the sequence's last value forward.
 */
public enum Missing implements ConfigChoice {
    ERROR("error"),
    DROP("drop"),
    FFILL("ffill");

    private final String key;

    Missing(String key) {
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
    public static Missing of(String key) {
        return ConfigChoice.lookup(Missing.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Missing.class);
    }
}
