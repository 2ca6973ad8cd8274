package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** model.head: how a classifier reads the top recurrent layer. */
public enum Head implements ConfigChoice {
    LAST("last"),
    MEAN("mean"),
    MAX("max"),
    ATTENTION("attention");

    private final String key;

    Head(String key) {
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
    public static Head of(String key) {
        return ConfigChoice.lookup(Head.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Head.class);
    }
}
