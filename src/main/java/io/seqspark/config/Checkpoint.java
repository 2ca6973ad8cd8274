package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** training.checkpoint. */
public enum Checkpoint implements ConfigChoice {
    EVERY_EPOCH("every-epoch"),
    NONE("none");

    private final String key;

    Checkpoint(String key) {
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
    public static Checkpoint of(String key) {
        return ConfigChoice.lookup(Checkpoint.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Checkpoint.class);
    }
}
