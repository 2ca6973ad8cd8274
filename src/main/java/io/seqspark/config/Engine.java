package io.seqspark.config;

/**
 * training.engine: parameter averaging on Spark, or MultiLayerNetwork.fit on the driver (the benchmarks' baseline).
 */
public enum Engine implements ConfigChoice {
    SPARK,
    SINGLE_PROCESS;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
