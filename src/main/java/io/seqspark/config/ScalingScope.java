package io.seqspark.config;

/** sequence.scaling-scope: one scaler per feature (global), or per feature and series. */
public enum ScalingScope implements ConfigChoice {
    GLOBAL,
    SERIES;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
