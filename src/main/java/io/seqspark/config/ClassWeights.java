package io.seqspark.config;

/** training.class-weights: none, or balanced (loss weights n / (classes * n_c) from the training split). */
public enum ClassWeights implements ConfigChoice {
    NONE,
    BALANCED;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
