package io.seqspark.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * task: what a job trains, evaluates and predicts (text classification is classification with a text section;
 * {@code io.seqspark.tasks.Tasks} picks the implementation).
 */
public enum TaskType implements ConfigChoice {
    CLASSIFICATION("classification"),
    FORECAST("forecast"),
    LANGUAGE_MODEL("language-model");

    private final String key;

    TaskType(String key) {
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
    public static TaskType of(String key) {
        return ConfigChoice.lookup(TaskType.class, key);
    }

    /** Every job-file spelling, e.g. for a Spark ML param's validator. */
    public static String[] keys() {
        return ConfigChoice.keys(TaskType.class);
    }
}
