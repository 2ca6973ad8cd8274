package io.seqspark.config;

/** model.cell: the recurrent cell. */
public enum Cell implements ConfigChoice {
    LSTM,
    GRU;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
