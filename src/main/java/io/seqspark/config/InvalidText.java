package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** text.invalid: what an empty, unlabelled or undecodable text does: stop the run, or drop it. */
public enum InvalidText implements ConfigChoice {
    ERROR("error"),
    DROP("drop");

    private final String key;

    InvalidText(String key) {
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
    public static InvalidText of(String key) {
        return ConfigChoice.lookup(InvalidText.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(InvalidText.class);
    }
}
