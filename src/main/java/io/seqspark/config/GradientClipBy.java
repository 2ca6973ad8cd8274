package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * training.gradient-clip.by: each layer's whole gradient (DL4J's ClipL2PerLayer), or each parameter array of each
 * layer on its own (ClipL2PerParamType).
 */
public enum GradientClipBy implements ConfigChoice {
    LAYER("layer"),
    PARAM_TYPE("param-type");

    private final String key;

    GradientClipBy(String key) {
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
    public static GradientClipBy of(String key) {
        return ConfigChoice.lookup(GradientClipBy.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(GradientClipBy.class);
    }
}
