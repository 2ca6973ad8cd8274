package io.seqspark.config;

/**
 * task: what a job trains, evaluates and predicts (text classification is classification with a text section;
 * {@code io.seqspark.tasks.Tasks} picks the implementation).
 */
public enum TaskType implements ConfigChoice {
    CLASSIFICATION,
    FORECAST,
    LANGUAGE_MODEL;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
