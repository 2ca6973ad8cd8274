package io.seqspark.config;

/** model.output: what the top LSTM layer passes to the head. */
public enum ModelOutput implements ConfigChoice {
    HIDDEN,
    CELL;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
