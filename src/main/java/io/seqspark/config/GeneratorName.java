package io.seqspark.config;

/** data.generator.name: the generated data set. */
public enum GeneratorName implements ConfigChoice {
    CONTROL_CHART,
    SEASONAL_SERIES;

    /** The job-file spelling, so messages and string concatenation read as before. */
    @Override
    public String toString() {
        return key();
    }
}
