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
public record JobConfig(Job job, SparkSettings spark, TaskType task, Data data, SequenceSpec sequence,
                        ForecastSpec forecast, TextSpec text, SplitSpec split, ModelSpec model,
                        TrainingSpec training, String resolved, EmbeddingSpec embedding, BacktestSpec backtest)
        implements Serializable {
    /** Randomly initialised, trainable embeddings (and configurations saved before the embedding keys). */
    public JobConfig(Job job, SparkSettings spark, TaskType task, Data data, SequenceSpec sequence,
                     ForecastSpec forecast, TextSpec text, SplitSpec split, ModelSpec model,
                     TrainingSpec training, String resolved) {
        this(job, spark, task, data, sequence, forecast, text, split, model, training, resolved,
                EmbeddingSpec.RANDOM);
    }

    /** No backtest (and configurations saved before the backtest keys). */
    public JobConfig(Job job, SparkSettings spark, TaskType task, Data data, SequenceSpec sequence,
                     ForecastSpec forecast, TextSpec text, SplitSpec split, ModelSpec model,
                     TrainingSpec training, String resolved, EmbeddingSpec embedding) {
        this(job, spark, task, data, sequence, forecast, text, split, model, training, resolved, embedding,
                BacktestSpec.NONE);
    }

    /** The backtest, never null (none in configurations saved before the backtest keys). */
    public BacktestSpec backtestSpec() {
        return backtest == null ? BacktestSpec.NONE : backtest;
    }

    /**
     * Rolling-origin backtest of a forecaster (the backtest section), run by train after the test evaluation.
     *
     * @param origins forecast origins per series, 0 = no backtest
     * @param step    steps between neighbouring origins; the last origin leaves exactly horizon steps
     * @param refit   none: the trained network and the baselines fitted on the training period forecast from
     *                every origin; every-origin: before each origin the network is trained again (same settings)
     *                and the baselines fitted again, on all steps of every series before that origin
     */
    public record BacktestSpec(int origins, int step, Refit refit) implements Serializable {
        public static final BacktestSpec NONE = new BacktestSpec(0, 1, Refit.NONE);

        public boolean enabled() {
            return origins > 0;
        }

        public boolean refits() {
            return refit == Refit.EVERY_ORIGIN;
        }
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

    public boolean forecasting() {
        return task == TaskType.FORECAST;
    }

    /** Text classification: the examples are texts (text.text-column, or data.format = text), not sequences. */
    public boolean textual() {
        return text != null && !languageModel();
    }

    public boolean languageModel() {
        return task == TaskType.LANGUAGE_MODEL;
    }

    public record Job(String name, String output, String runId, boolean overwrite) implements Serializable {
    }

    public record SparkSettings(String master, Map<String, String> conf) implements Serializable {
    }

    /**
     * @param path       null when format = generated or table (and optional for other Spark sources, e.g. jdbc);
     *                   testPath null unless a separate test set is given
     * @param labelsPath the IDX label file of path (format = idx only); testLabelsPath likewise for testPath
     * @param table      format = table: the catalog table or view read with {@code spark.table}, else null
     */
    public record Data(String format, String path, String testPath, String labelsPath, String testLabelsPath,
                       Map<String, String> options, Generator generator, Selection selection, String table)
            implements Serializable {
        /** data.format = table: read from Spark's catalog. */
        public static final String TABLE = "table";

        public Data(String format, String path, String testPath, String labelsPath, String testLabelsPath,
                    Map<String, String> options, Generator generator) {
            this(format, path, testPath, labelsPath, testLabelsPath, options, generator, Selection.NONE, null);
        }

        public boolean generated() {
            return "generated".equals(format);
        }

        public boolean isTable() {
            return TABLE.equals(format);
        }

        /** The key that names the main input, for messages: data.table or data.path. */
        public String mainKey() {
            return isTable() ? "data.table" : "data.path";
        }

        /** The main input's name: the table, or the path. */
        public String mainName() {
            return isTable() ? table : path;
        }

        /** What the main input is, for messages: the path, the table, or the generated data set. */
        public String source() {
            if (isTable()) {
                return "table " + table;
            }
            return generated() ? "the generated " + generator.name() + " data" : path;
        }
    }

    /**
     * What is kept of the input, in order: derived columns (name to Spark SQL expression, in config order), a
     * row condition, and a balanced seeded sample of at most {@code perClass} rows per value of
     * {@code balanceColumn} (training data only). {@code whereKey} is the config key that wrote the row condition,
     * for messages: data.where, or text.pretrain.where for the unlabelled corpus.
     */
    public record Selection(Map<String, String> columns, String where, String balanceColumn, int perClass,
                            long seed, String whereKey) implements Serializable {
        public static final Selection NONE = new Selection(Map.of(), null, null, 0, 0);

        /** The row condition of data.where. */
        public Selection(Map<String, String> columns, String where, String balanceColumn, int perClass, long seed) {
            this(columns, where, balanceColumn, perClass, seed, "data.where");
        }
    }

    public record Generator(GeneratorName name, int sequences, int minLength, int maxLength, long seed)
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
                               String labelColumn, Scaling scaling, String arrayColumn, int steps,
                               int featuresPerStep, Missing missing, String frequency, Gaps gaps)
            implements Serializable {
        /** Without gap checks (classification, and models saved before sequence.gaps existed). */
        public SequenceSpec(String idColumn, String timeColumn, List<String> featureColumns, String labelColumn,
                            Scaling scaling, String arrayColumn, int steps, int featuresPerStep, Missing missing) {
            this(idColumn, timeColumn, featureColumns, labelColumn, scaling, arrayColumn, steps, featuresPerStep,
                    missing, null, Gaps.IGNORE);
        }

        /** sequence.gaps; ignore for models saved before the key existed. */
        public Gaps gapPolicy() {
            return gaps == null ? Gaps.IGNORE : gaps;
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
     * @param transform     sequence.transform: none | log | box-cox (null in models saved before it: none)
     * @param normalize     sequence.window.normalize: none | level (null likewise: none)
     * @param seasonalDifference sequence.seasonal-difference: the network sees (transformed) targets minus their
     *                      value one season earlier
     * @param quantiles     model.quantiles: the levels forecast for every (step, target), ascending in (0, 1); empty
     *                      (or null, in models saved before the key existed) for point forecasts
     * @param futureColumns sequence.future-columns: covariates known for the forecast steps (see
     *                      io.seqspark.vectorize.Covariates); empty or null (older models) for none
     * @param staticColumns sequence.static-columns: per-series constants appended to every step; empty or null
     * @param calendar      sequence.calendar: calendar features of the time column (Covariates.CALENDAR); empty or
     *                      null
     */
    public record ForecastSpec(List<String> targetColumns, int lookback, int horizon, int stride, int season,
                               ScalingScope scalingScope, WindowOrigin windowOrigin, Transform transform,
                               WindowNormalize normalize,
                               boolean seasonalDifference, List<Double> quantiles, List<String> futureColumns,
                               List<String> staticColumns, List<String> calendar)
            implements Serializable {
        /** sequence.future-columns; empty for none (and for models saved before the key existed). */
        public List<String> futureColumnList() {
            return futureColumns == null ? List.of() : futureColumns;
        }

        /** sequence.static-columns; empty for none. */
        public List<String> staticColumnList() {
            return staticColumns == null ? List.of() : staticColumns;
        }

        /** sequence.calendar; empty for none. */
        public List<String> calendarFeatures() {
            return calendar == null ? List.of() : calendar;
        }

        /** sequence.transform's spelling, TargetTransform's kind (none for models saved before the key existed). */
        public String transformKind() {
            return transform == null ? Transform.NONE.key() : transform.key();
        }

        /** sequence.window.normalize's spelling, TargetTransform's normalize (none likewise). */
        public String normalizeKind() {
            return normalize == null ? WindowNormalize.NONE.key() : normalize.key();
        }

        public int targets() {
            return targetColumns.size();
        }

        /** The quantile levels; empty for point forecasts. */
        public List<Double> quantileLevels() {
            return quantiles == null ? List.of() : quantiles;
        }

        public boolean probabilistic() {
            return !quantileLevels().isEmpty();
        }

        /** Network outputs per (forecast step, target): the number of quantiles, or 1 for a point forecast. */
        public int outputsPerValue() {
            return Math.max(1, quantileLevels().size());
        }

        public boolean perSeries() {
            return scalingScope == ScalingScope.SERIES;
        }

        public boolean relative() {
            return windowOrigin == WindowOrigin.LAST;
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
    public record TextSpec(String textColumn, String labelColumn, String idColumn, Tokenizer tokenizer,
                           boolean lowercase, int vocabSize, int minCount, int maxLength, String encoding,
                           InvalidText invalid) implements Serializable {
        public boolean dropInvalid() {
            return invalid == InvalidText.DROP;
        }
    }

    /** @param byTime forecasting: the last part of every series is the test set, the part before it validation */
    public record SplitSpec(double test, double validation, long seed, boolean byTime) implements Serializable {
    }

    /**
     * @param output        hidden or cell: what the top LSTM layer passes to the head
     * @param gruResetAfter GRU variant: reset gate after (true) or before (false) the recurrent product
     * @param head          how the classifier reads the top recurrent layer: last | mean | max | attention
     * @param dropoutType   standard (a new mask for every step) | variational (one mask per sequence, the same at
     *                      every step, on inputs of the recurrent layers and the sequence output layer)
     */
    public record ModelSpec(Cell cell, List<Integer> units, boolean bidirectional, double dropout, ModelOutput output,
                            boolean gruResetAfter, int embeddingSize, Head head, DropoutType dropoutType)
            implements Serializable {
        /** A copy with another head. */
        public ModelSpec withHead(Head head) {
            return new ModelSpec(cell, units, bidirectional, dropout, output, gruResetAfter, embeddingSize, head,
                    dropoutType);
        }

        /** model.dropout-type = variational (null, in configurations saved before the key existed: standard). */
        public boolean variationalDropout() {
            return dropoutType == DropoutType.VARIATIONAL;
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
    public record TrainingSpec(int epochs, int batchSize, double learningRate, Updater updater, int workers,
                               int averagingFrequency, long seed, ClassWeights classWeights, Checkpoint checkpoint,
                               int earlyStoppingPatience, int tbpttLength, boolean stats, int retries,
                               Engine engine, int prefetch, double learningRateDecay,
                               int learningRateDecayAfter, LearningRateScaling learningRateScaling, Optimizer optimizer,
                               int ensemble)
            implements Serializable {
        /** The same settings with another seed (training.ensemble's members). */
        public TrainingSpec withSeed(long newSeed) {
            return new TrainingSpec(epochs, batchSize, learningRate, updater, workers, averagingFrequency, newSeed,
                    classWeights, checkpoint, earlyStoppingPatience, tbpttLength, stats, retries, engine, prefetch,
                    learningRateDecay, learningRateDecayAfter, learningRateScaling, optimizer, ensemble);
        }

        /** A copy with these optimizer options. */
        public TrainingSpec with(Optimizer optimizer) {
            return new TrainingSpec(epochs, batchSize, learningRate, updater, workers, averagingFrequency, seed,
                    classWeights, checkpoint, earlyStoppingPatience, tbpttLength, stats, retries, engine, prefetch,
                    learningRateDecay, learningRateDecayAfter, learningRateScaling, optimizer, ensemble);
        }

        /** The optimizer options, none for configurations saved before they existed. */
        public Optimizer options() {
            return optimizer == null ? Optimizer.NONE : optimizer;
        }

        /**
         * The learning rate of epoch {@code epoch} (1-based), constant within the epoch.
         * step: learning-rate for the first learning-rate-decay-after epochs, then learning-rate-decay times the
         * previous epoch's. cosine: after the W = warmup-epochs, epoch e trains at
         * learning-rate * (1 + cos(pi * (e - W - 1) / (epochs - W))) / 2 (Loshchilov and Hutter 2017 without
         * restarts, per epoch), from the full rate down towards 0. Warm-up (either schedule): epoch e <= W trains
         * at e / (W + 1) times the schedule's rate.
         */
        public double learningRate(int epoch) {
            Optimizer o = options();
            int w = o.warmupEpochs();
            double rate;
            if (o.cosine()) {
                int after = Math.max(0, epoch - w - 1);
                rate = learningRate * 0.5 * (1 + Math.cos(Math.PI * after / Math.max(1, epochs - w)));
            } else {
                rate = learningRate * Math.pow(learningRateDecay, Math.max(0, epoch - learningRateDecayAfter));
            }
            return epoch <= w ? rate * epoch / (w + 1.0) : rate;
        }

        public boolean decaysLearningRate() {
            return learningRateDecay != 1.0;
        }

        /** Whether the learning rate changes from epoch to epoch (a decay, cosine schedule or warm-up). */
        public boolean schedulesLearningRate() {
            return decaysLearningRate() || options().cosine() || options().warmupEpochs() > 0;
        }

        /**
         * What the workers' learning rate is multiplied by (training.learning-rate-scaling): the number of workers
         * for {@code linear} (Goyal et al. 2017, "Accurate, Large Minibatch SGD": averaging k workers' models moves
         * the parameters about as far per round as one worker does, so an epoch makes k times fewer steps of
         * progress), 1 for {@code none} and for single-process training.
         */
        public double learningRateScale(int workers) {
            return learningRateScaling == LearningRateScaling.LINEAR && !singleProcess() ? Math.max(1, workers) : 1.0;
        }

        public boolean checkpoints() {
            return checkpoint == Checkpoint.EVERY_EPOCH;
        }

        /** training.engine = single-process: MultiLayerNetwork.fit on the driver, the baseline for benchmarks. */
        public boolean singleProcess() {
            return engine == Engine.SINGLE_PROCESS;
        }

        public boolean balancedClasses() {
            return classWeights == ClassWeights.BALANCED;
        }
    }

    /**
     * Training options for recurrent models; all off by default.
     *
     * @param learningRateSchedule step (learning-rate-decay) | cosine
     * @param warmupEpochs         epochs of linear warm-up before the schedule, 0 = none
     * @param gradientClip         the L2 norm gradients are clipped to, 0 = no clipping
     * @param gradientClipBy       layer (DL4J's ClipL2PerLayer: each layer's whole gradient) | param-type
     *                             (ClipL2PerParamType: each parameter array of each layer on its own)
     * @param weightDecay          decoupled weight decay coefficient (DL4J's WeightDecay, applied after the
     *                             updater and scaled by the learning rate, as in AdamW), 0 = none
     */
    public record Optimizer(LearningRateSchedule learningRateSchedule, int warmupEpochs, double gradientClip,
                            GradientClipBy gradientClipBy, double weightDecay) implements Serializable {
        public static final Optimizer NONE = new Optimizer(LearningRateSchedule.STEP, 0, 0, GradientClipBy.LAYER, 0);

        public boolean cosine() {
            return learningRateSchedule == LearningRateSchedule.COSINE;
        }

        public boolean clipsGradients() {
            return gradientClip > 0;
        }
    }
}
