package io.seqspark.config;

/** training.learning-rate-schedule. */
public enum LearningRateSchedule implements ConfigChoice {
    STEP,
    COSINE;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
