package io.seqspark.config;

/** sequence.window.origin: forecast windows in absolute values, or relative to the last input value. */
public enum WindowOrigin implements ConfigChoice {
    ABSOLUTE,
    LAST;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
