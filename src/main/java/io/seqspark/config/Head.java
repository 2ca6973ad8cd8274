package io.seqspark.config;

/** model.head: how a classifier reads the top recurrent layer. */
public enum Head implements ConfigChoice {
    LAST,
    MEAN,
    MAX,
    ATTENTION;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
