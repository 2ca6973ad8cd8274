package io.seqspark.config;

/** text.invalid: what an empty, unlabelled or undecodable text does: stop the run, or drop it. */
public enum InvalidText implements ConfigChoice {
    ERROR,
    DROP;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
