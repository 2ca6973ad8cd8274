package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * training.engine: parameter averaging on Spark, or MultiLayerNetwork.fit on the driver (the benchmarks' baseline).
 */
public enum Engine implements ConfigChoice {
    SPARK("spark"),
    SINGLE_PROCESS("single-process");

    private final String key;

    Engine(String key) {
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
    public static Engine of(String key) {
        return ConfigChoice.lookup(Engine.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(Engine.class);
    }
}
