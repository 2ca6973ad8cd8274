package io.seqspark.config;

/**
 * training.gradient-clip.by: each layer's whole gradient (DL4J's ClipL2PerLayer), or each parameter array of each
 * layer on its own (ClipL2PerParamType).
 */
public enum GradientClipBy implements ConfigChoice {
    LAYER,
    PARAM_TYPE;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
