package io.seqspark.config;

/**
 * sequence.missing: what a step with a missing (null, NaN or infinite) value does: stop the run, drop the row, or
 * carry the sequence's last value forward.
 */
public enum Missing implements ConfigChoice {
    ERROR,
    DROP,
    FFILL;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
