package io.seqspark.config;

/** split.by: whole sequences at random (stratified by label), or the end of every series or text as the test set. */
public enum SplitBy implements ConfigChoice {
    RANDOM,
    TIME;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
