package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** model.cell: the recurrent cell. */
public enum Cell implements ConfigChoice {
    LSTM("lstm"),
    GRU("gru");

    private final String key;

    Cell(String key) {
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
    public static Cell of(String key) {
        return ConfigChoice.lookup(Cell.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Cell.class);
    }
}
