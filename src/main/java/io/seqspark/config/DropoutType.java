package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** model.dropout-type: a new mask for every step (standard), or one per sequence (variational). */
public enum DropoutType implements ConfigChoice {
    STANDARD("standard"),
    VARIATIONAL("variational");

    private final String key;

    DropoutType(String key) {
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
    public static DropoutType of(String key) {
        return ConfigChoice.lookup(DropoutType.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(DropoutType.class);
    }
}
