package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** data.generator.name: the generated data set. */
public enum GeneratorName implements ConfigChoice {
    CONTROL_CHART("control-chart"),
    SEASONAL_SERIES("seasonal-series");

    private final String key;

    GeneratorName(String key) {
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
    public static GeneratorName of(String key) {
        return ConfigChoice.lookup(GeneratorName.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(GeneratorName.class);
    }
}
