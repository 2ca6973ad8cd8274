package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** sequence.scaling-scope: one scaler per feature (global), or per feature and series. */
public enum ScalingScope implements ConfigChoice {
    GLOBAL("global"),
    SERIES("series");

    private final String key;

    ScalingScope(String key) {
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
    public static ScalingScope of(String key) {
        return ConfigChoice.lookup(ScalingScope.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(ScalingScope.class);
    }
}
