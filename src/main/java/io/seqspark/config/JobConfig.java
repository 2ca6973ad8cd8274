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
                        ForecastSpec forecast, TextSpec text, SplitSpec split, ModelSpec model,
                        TrainingSpec training, String resolved, EmbeddingSpec embedding)
        implements Serializable {
    /** Randomly initialised, trainable embeddings (and configurations saved before the embedding keys). */
    public JobConfig(Job job, SparkSettings spark, String task, Data data, SequenceSpec sequence,
                     ForecastSpec forecast, TextSpec text, SplitSpec split, ModelSpec model,
                     TrainingSpec training, String resolved) {
        this(job, spark, task, data, sequence, forecast, text, split, model, training, resolved,
                EmbeddingSpec.RANDOM);
    }

    /** The embedding, never null (models saved before the embedding keys existed have random ones). */
    public EmbeddingSpec embeddingSpec() {
        return embedding == null ? EmbeddingSpec.RANDOM : embedding;
    }

    /**
     * How a text classifier's token embedding starts (text.pretrain, model.embedding).
     *
     * @param pretrain      train word vectors with Spark ML's Word2Vec on the training split's tokens
     * @param pretrainPath  an unlabelled corpus added to them (text.pretrain.path), or null
     * @param pretrainWhere a Spark SQL condition on the corpus's rows (text.pretrain.where), or null
     * @param window        Word2Vec's context window (text.pretrain.window)
     * @param minCount      Word2Vec's minimum token count (text.pretrain.min-count)
     * @param iterations    Word2Vec's passes over the corpus (text.pretrain.iterations)
     * @param vectors       a word2vec, GloVe or fastText .vec file (model.embedding.vectors), or null
     * @param freeze        the embedding keeps its initial weights (model.embedding.freeze)
     */
    public record EmbeddingSpec(boolean pretrain, String pretrainPath, String pretrainWhere, int window,
                                int minCount, int iterations, String vectors, boolean freeze)
            implements Serializable {
        public static final EmbeddingSpec RANDOM = new EmbeddingSpec(false, null, null, 5, 5, 1, null, false);

        /** What report.json's text.embedding.source says: random, word2vec or the vectors file. */
        public String source() {
            return pretrain ? "word2vec" : vectors != null ? vectors : "random";
        }

        public boolean initialised() {
            return pretrain || vectors != null;
        }
    }
    public static final String CLASSIFICATION = "classification";
    public static final String FORECAST = "forecast";
    public static final String LANGUAGE_MODEL = "language-model";

    public boolean forecasting() {
        return FORECAST.equals(task);
    }

    /** Text classification: the examples are texts (text.text-column, or data.format = text), not sequences. */
    public boolean textual() {
        return text != null && !languageModel();
    }

    public boolean languageModel() {
        return LANGUAGE_MODEL.equals(task);
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
                       Map<String, String> options, Generator generator, Selection selection)
            implements Serializable {
        public Data(String format, String path, String testPath, String labelsPath, String testLabelsPath,
                    Map<String, String> options, Generator generator) {
            this(format, path, testPath, labelsPath, testLabelsPath, options, generator, Selection.NONE);
        }

        public boolean generated() {
            return "generated".equals(format);
        }

        /** What the main input is, for messages: the path, or the generated data set. */
        public String source() {
            return generated() ? "the generated " + generator.name() + " data" : path;
        }
    }

    /**
     * What is kept of the input, in order: derived columns (name to Spark SQL expression, in config order), a
     * row condition, and a balanced seeded sample of at most {@code perClass} rows per value of
     * {@code balanceColumn} (training data only).
     */
    public record Selection(Map<String, String> columns, String where, String balanceColumn, int perClass,
                            long seed) implements Serializable {
        public static final Selection NONE = new Selection(Map.of(), null, null, 0, 0);
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
                               int featuresPerStep, String missing, String frequency, String gaps)
            implements Serializable {
        /** Without gap checks (classification, and models saved before sequence.gaps existed). */
        public SequenceSpec(String idColumn, String timeColumn, List<String> featureColumns, String labelColumn,
                            String scaling, String arrayColumn, int steps, int featuresPerStep, String missing) {
            this(idColumn, timeColumn, featureColumns, labelColumn, scaling, arrayColumn, steps, featuresPerStep,
                    missing, null, "ignore");
        }

        /** sequence.gaps; ignore for models saved before the key existed. */
        public String gapPolicy() {
            return gaps == null ? "ignore" : gaps;
        }

        /** The same spec without a label column (scoring input that lacks it). */
        public SequenceSpec unlabelled() {
            return new SequenceSpec(idColumn, timeColumn, featureColumns, null, scaling, arrayColumn, steps,
                    featuresPerStep, missing, frequency, gaps);
        }

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

    /**
     * Text classification.
     *
     * @param textColumn null for data.format = text (the text is the file's contents)
     * @param idColumn   null: ids from the input file and row position
     * @param tokenizer  word | char | korean
     * @param invalid    error | drop: texts empty after tokenization, unlabelled, or undecodable
     */
    public record TextSpec(String textColumn, String labelColumn, String idColumn, String tokenizer,
                           boolean lowercase, int vocabSize, int minCount, int maxLength, String encoding,
                           String invalid) implements Serializable {
        public boolean dropInvalid() {
            return "drop".equals(invalid);
        }
    }

    /** @param byTime forecasting: the last part of every series is the test set, the part before it validation */
    public record SplitSpec(double test, double validation, long seed, boolean byTime) implements Serializable {
    }

    /**
     * @param output        hidden or cell: what the top LSTM layer passes to the head
     * @param gruResetAfter GRU variant: reset gate after (true) or before (false) the recurrent product
     */
    /** @param head how the classifier reads the top recurrent layer: last | mean | max | attention */
    public record ModelSpec(String cell, List<Integer> units, boolean bidirectional, double dropout, String output,
                            boolean gruResetAfter, int embeddingSize, String head) implements Serializable {
        public static final String LAST = "last";

        public ModelSpec(String cell, List<Integer> units, boolean bidirectional, double dropout, String output,
                         boolean gruResetAfter, int embeddingSize) {
            this(cell, units, bidirectional, dropout, output, gruResetAfter, embeddingSize, LAST);
        }

        public ModelSpec(String cell, List<Integer> units, boolean bidirectional, double dropout, String output,
                         boolean gruResetAfter) {
            this(cell, units, bidirectional, dropout, output, gruResetAfter, 64);
        }

        /** A copy with another head. */
        public ModelSpec withHead(String head) {
            return new ModelSpec(cell, units, bidirectional, dropout, output, gruResetAfter, embeddingSize, head);
        }
    }

    /**
     * @param classWeights          none, or balanced: loss weights n / (classes * n_c) from the training split
     * @param checkpoint            every-epoch or none
     * @param tbpttLength           truncated backpropagation through time every this many steps; 0 = through
     *                              each whole sequence
     * @param earlyStoppingPatience stop after this many epochs without a lower validation loss and keep the best
     *                              epoch's parameters; 0 = off
     * @param stats                 collect dl4j-spark's training statistics and write them as HTML
     * @param retries               times a failed epoch (a Spark job aborted, e.g. by a lost executor) restarts
     *                              from the state after the previous epoch before the run fails
     */
    public record TrainingSpec(int epochs, int batchSize, double learningRate, String updater, int workers,
                               int averagingFrequency, long seed, String classWeights, String checkpoint,
                               int earlyStoppingPatience, int tbpttLength, boolean stats, int retries,
                               String engine, int prefetch, double learningRateDecay,
                               int learningRateDecayAfter, String learningRateScaling)
            implements Serializable {
        /** training.learning-rate-scaling values. */
        public static final String NO_SCALING = "none";
        public static final String LINEAR_SCALING = "linear";

        /** No learning-rate scaling across workers. */
        public TrainingSpec(int epochs, int batchSize, double learningRate, String updater, int workers,
                            int averagingFrequency, long seed, String classWeights, String checkpoint,
                            int earlyStoppingPatience, int tbpttLength, boolean stats, int retries, String engine,
                            int prefetch, double learningRateDecay, int learningRateDecayAfter) {
            this(epochs, batchSize, learningRate, updater, workers, averagingFrequency, seed, classWeights, checkpoint,
                    earlyStoppingPatience, tbpttLength, stats, retries, engine, prefetch, learningRateDecay,
                    learningRateDecayAfter, NO_SCALING);
        }

        public TrainingSpec(int epochs, int batchSize, double learningRate, String updater, int workers,
                            int averagingFrequency, long seed) {
            this(epochs, batchSize, learningRate, updater, workers, averagingFrequency, seed, "none", "every-epoch",
                    0, 0, false, 2, "spark", 2);
        }

        /** A constant learning rate. */
        public TrainingSpec(int epochs, int batchSize, double learningRate, String updater, int workers,
                            int averagingFrequency, long seed, String classWeights, String checkpoint,
                            int earlyStoppingPatience, int tbpttLength, boolean stats, int retries, String engine,
                            int prefetch) {
            this(epochs, batchSize, learningRate, updater, workers, averagingFrequency, seed, classWeights, checkpoint,
                    earlyStoppingPatience, tbpttLength, stats, retries, engine, prefetch, 1.0, 0);
        }

        /**
         * The learning rate of epoch {@code epoch} (1-based): learning-rate for the first learning-rate-decay-after
         * epochs, then learning-rate-decay times the previous epoch's.
         */
        public double learningRate(int epoch) {
            return learningRate * Math.pow(learningRateDecay, Math.max(0, epoch - learningRateDecayAfter));
        }

        public boolean decaysLearningRate() {
            return learningRateDecay != 1.0;
        }

        /**
         * What the workers' learning rate is multiplied by (training.learning-rate-scaling): the number of workers
         * for {@code linear} (Goyal et al. 2017, "Accurate, Large Minibatch SGD": averaging k workers' models moves
         * the parameters about as far per round as one worker does, so an epoch makes k times fewer steps of
         * progress), 1 for {@code none} and for single-process training.
         */
        public double learningRateScale(int workers) {
            return LINEAR_SCALING.equals(learningRateScaling) && !singleProcess() ? Math.max(1, workers) : 1.0;
        }

        public boolean checkpoints() {
            return "every-epoch".equals(checkpoint);
        }

        /** training.engine = single-process: MultiLayerNetwork.fit on the driver, the baseline for benchmarks. */
        public boolean singleProcess() {
            return "single-process".equals(engine);
        }

        public boolean balancedClasses() {
            return "balanced".equals(classWeights);
        }
    }
}
