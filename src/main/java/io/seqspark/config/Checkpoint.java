package io.seqspark.config;

/** training.checkpoint. */
public enum Checkpoint implements ConfigChoice {
    EVERY_EPOCH,
    NONE;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
