package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * model.gru-reset: the GRU variant, reset gate after (cuDNN, PyTorch, Keras 2) or before (Cho et al. 2014) the
 * recurrent product.
 */
public enum GruReset implements ConfigChoice {
    AFTER("after"),
    BEFORE("before");

    private final String key;

    GruReset(String key) {
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
    public static GruReset of(String key) {
        return ConfigChoice.lookup(GruReset.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(GruReset.class);
    }
}
