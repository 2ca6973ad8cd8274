package io.seqspark.config;

/** sequence.window.normalize: each input window as is, or divided by its own level. */
public enum WindowNormalize implements ConfigChoice {
    NONE,
    LEVEL;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
