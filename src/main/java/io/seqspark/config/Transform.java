package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** sequence.transform: the forecast targets' transform (the spellings are TargetTransform's kinds). */
public enum Transform implements ConfigChoice {
    NONE("none"),
    LOG("log"),
    BOX_COX("box-cox");

    private final String key;

    Transform(String key) {
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
    public static Transform of(String key) {
        return ConfigChoice.lookup(Transform.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Transform.class);
    }
}
