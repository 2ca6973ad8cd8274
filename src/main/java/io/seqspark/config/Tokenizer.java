package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** text.tokenizer. */
public enum Tokenizer implements ConfigChoice {
    WORD("word"),
    CHAR("char"),
    KOREAN("korean");

    private final String key;

    Tokenizer(String key) {
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
    public static Tokenizer of(String key) {
        return ConfigChoice.lookup(Tokenizer.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Tokenizer.class);
    }
}
