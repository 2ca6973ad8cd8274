package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** model.output: what the top LSTM layer passes to the head. */
public enum ModelOutput implements ConfigChoice {
    HIDDEN("hidden"),
    CELL("cell");

    private final String key;

    ModelOutput(String key) {
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
    public static ModelOutput of(String key) {
        return ConfigChoice.lookup(ModelOutput.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(ModelOutput.class);
    }
}
