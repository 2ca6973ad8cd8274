package io.seqspark.config;

/** training.updater. */
public enum Updater implements ConfigChoice {
    ADAM,
    RMSPROP,
    SGD,
    NESTEROVS;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
