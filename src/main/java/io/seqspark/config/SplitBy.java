package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** split.by: whole sequences at random (stratified by label), or the end of every series or text as the test set. */
public enum SplitBy implements ConfigChoice {
    RANDOM("random"),
    TIME("time");

    private final String key;

    SplitBy(String key) {
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
    public static SplitBy of(String key) {
        return ConfigChoice.lookup(SplitBy.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(SplitBy.class);
    }
}
