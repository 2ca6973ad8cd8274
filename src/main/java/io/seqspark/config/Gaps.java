package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** sequence.gaps: what a missing time step of a forecast series does: stop the run, insert the step, or nothing. */
public enum Gaps implements ConfigChoice {
    ERROR("error"),
    FILL("fill"),
    IGNORE("ignore");

    private final String key;

    Gaps(String key) {
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
    public static Gaps of(String key) {
        return ConfigChoice.lookup(Gaps.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Gaps.class);
    }
}
