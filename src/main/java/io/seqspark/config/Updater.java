package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** training.updater. */
public enum Updater implements ConfigChoice {
    ADAM("adam"),
    RMSPROP("rmsprop"),
    SGD("sgd"),
    NESTEROVS("nesterovs");

    private final String key;

    Updater(String key) {
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
    public static Updater of(String key) {
        return ConfigChoice.lookup(Updater.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Updater.class);
    }
}
