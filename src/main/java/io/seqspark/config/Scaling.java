package io.seqspark.config;

/** sequence.scaling: standard (mean / population standard deviation), minmax (to [0, 1]) or none. */
public enum Scaling implements ConfigChoice {
    STANDARD,
    MINMAX,
    NONE;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
