package io.seqspark.config;

/**
 * model.gru-reset: the GRU variant, reset gate after (cuDNN, PyTorch, Keras 2) or before (Cho et al. 2014) the
 * recurrent product.
 */
public enum GruReset implements ConfigChoice {
    AFTER,
    BEFORE;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
