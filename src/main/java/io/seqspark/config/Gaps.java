package io.seqspark.config;

/** sequence.gaps: what a missing time step of a forecast series does: stop the run, insert the step, or nothing. */
public enum Gaps implements ConfigChoice {
    ERROR,
    FILL,
    IGNORE;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
