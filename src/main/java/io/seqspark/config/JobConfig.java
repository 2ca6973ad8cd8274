package io.seqspark.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The validated, typed form of a job configuration (see conf/reference.conf for every key's meaning).
 * Serializable because parts of it travel to executors inside Spark closures.
 *
 * @param resolved the fully merged configuration as HOCON text, saved with the model
 */
public record JobConfig(Job job, SparkSettings spark, String task, Data data, SequenceSpec sequence,
                        ForecastSpec forecast, SplitSpec split, ModelSpec model, TrainingSpec training,
                        String resolved)
        implements Serializable {
    public static final String CLASSIFICATION = "classification";
    public static final String FORECAST = "forecast";

    public boolean forecasting() {
        return FORECAST.equals(task);
    }

    public record Job(String name, String output, String runId, boolean overwrite) implements Serializable {
    }

    public record SparkSettings(String master, Map<String, String> conf) implements Serializable {
    }

    /**
     * @param path       null when format = generated; testPath null unless a separate test set is given
     * @param labelsPath the IDX label file of path (format = idx only); testLabelsPath likewise for testPath
     */
    public record Data(String format, String path, String testPath, String labelsPath, String testLabelsPath,
                       Map<String, String> options, Generator generator) implements Serializable {
        public boolean generated() {
            return "generated".equals(format);
        }
    }

    public record Generator(String name, int sequences, int minLength, int maxLength, long seed)
            implements Serializable {
    }

    /**
     * For classification, featureColumns are the step's values; for forecasting they are the network's inputs:
     * the target columns first, then the covariates (sequence.feature-columns), and labelColumn is null.
     * idColumn is null for a single series.
     *
     * Either step rows (timeColumn and featureColumns) or one flat array per sequence (arrayColumn reshaped to
     * steps x featuresPerStep, e.g. row-by-row MNIST: 28 x 28).
     */
    public record SequenceSpec(String idColumn, String timeColumn, List<String> featureColumns,
                               String labelColumn, String scaling, String arrayColumn, int steps,
                               int featuresPerStep, String missing) implements Serializable {
        public boolean flatArrays() {
            return arrayColumn != null;
        }

        public int features() {
            return flatArrays() ? featuresPerStep : featureColumns.size();
        }
    }

    /**
     * Forecasting windows: {@code lookback} input steps predict the next {@code horizon} steps of the
     * {@code targets} target columns (the first inputs).
     *
     * @param season        steps per season for the seasonal-naive baseline and MASE, 0 when there is none
     * @param scalingScope  global (one scaler per feature) or series (one per feature and series)
     * @param windowOrigin  absolute, or last: inputs and targets of each target column are taken relative to the
     *                      window's last input value, so the network learns changes rather than levels
     */
    public record ForecastSpec(List<String> targetColumns, int lookback, int horizon, int stride, int season,
                               String scalingScope, String windowOrigin) implements Serializable {
        public int targets() {
            return targetColumns.size();
        }

        public boolean perSeries() {
            return "series".equals(scalingScope);
        }

        public boolean relative() {
            return "last".equals(windowOrigin);
        }
    }

    /** @param byTime forecasting: the last part of every series is the test set, the part before it validation */
    public record SplitSpec(double test, double validation, long seed, boolean byTime) implements Serializable {
    }

    /**
     * @param output        hidden or cell: what the top LSTM layer passes to the head
     * @param gruResetAfter GRU variant: reset gate after (true) or before (false) the recurrent product
     */
    public record ModelSpec(String cell, List<Integer> units, boolean bidirectional, double dropout, String output,
                            boolean gruResetAfter) implements Serializable {
    }

    /**
     * @param classWeights          none, or balanced: loss weights n / (classes * n_c) from the training split
     * @param checkpoint            every-epoch or none
     * @param earlyStoppingPatience stop after this many epochs without a lower validation loss and keep the best
     *                              epoch's parameters; 0 = off
     */
    public record TrainingSpec(int epochs, int batchSize, double learningRate, String updater, int workers,
                               int averagingFrequency, long seed, String classWeights, String checkpoint,
                               int earlyStoppingPatience) implements Serializable {
        public TrainingSpec(int epochs, int batchSize, double learningRate, String updater, int workers,
                            int averagingFrequency, long seed) {
            this(epochs, batchSize, learningRate, updater, workers, averagingFrequency, seed, "none", "every-epoch",
                    0);
        }

        public boolean checkpoints() {
            return "every-epoch".equals(checkpoint);
        }

        public boolean balancedClasses() {
            return "balanced".equals(classWeights);
        }
    }
}
