package io.seqspark.config;

/** backtest.refit: forecast every origin with the trained network, or train it again before each origin. */
public enum Refit implements ConfigChoice {
    NONE,
    EVERY_ORIGIN;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
