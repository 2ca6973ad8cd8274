package io.seqspark.config;

/** training.learning-rate-scaling: what the workers' learning rate is multiplied by. */
public enum LearningRateScaling implements ConfigChoice {
    NONE,
    LINEAR;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
