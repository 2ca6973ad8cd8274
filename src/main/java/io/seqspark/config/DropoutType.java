package io.seqspark.config;

/** model.dropout-type: a new mask for every step (standard), or one per sequence (variational). */
public enum DropoutType implements ConfigChoice {
    STANDARD,
    VARIATIONAL;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
