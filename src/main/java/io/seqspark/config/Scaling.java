package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** sequence.scaling: standard (mean / population standard deviation), minmax (to [0, 1]) or none. */
public enum Scaling implements ConfigChoice {
    STANDARD("standard"),
    MINMAX("minmax"),
    NONE("none");

    private final String key;

    Scaling(String key) {
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
    public static Scaling of(String key) {
        return ConfigChoice.lookup(Scaling.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Scaling.class);
    }
}
