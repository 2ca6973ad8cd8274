package io.seqspark.config;

/** sequence.transform: the forecast targets' transform (the spellings are TargetTransform's kinds). */
public enum Transform implements ConfigChoice {
    NONE,
    LOG,
    BOX_COX;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
