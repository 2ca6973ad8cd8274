package io.seqspark.config;

import java.util.List;

/**
 * Fluent builders for the model, training and forecast specs that tests construct by hand (main code builds them
 * from a job file in ConfigLoader). Unset values take the defaults below, which are the values the telescoping
 * convenience constructors these builders replaced filled in. Choices are given as spelt in a job file (gru,
 * every-epoch, ...).
 */
public final class TestSpecs {
    private TestSpecs() {
    }

    /** Training: 1 epoch of minibatches of 8 at learning rate 0.01 with adam, 1 worker averaging every minibatch. */
    public static Training training() {
        return new Training();
    }

    /** The constant spelt {@code key} in a job file; a test's typo fails loudly rather than building a null. */
    public static <E extends Enum<E> & ConfigChoice> E of(Class<E> type, String key) {
        E e = ConfigChoice.lookup(type, key);
        if (e == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no " + key);
        }
        return e;
    }

    /** A model of this cell (lstm or gru); the layer sizes must be set. */
    public static Model model(String cell) {
        return new Model(cell);
    }

    /** Forecasting windows of these target columns; lookback, horizon and stride default to 1. */
    public static Forecast forecast(List<String> targetColumns) {
        return new Forecast(targetColumns);
    }

    public static final class Training {
        private int epochs = 1;
        private int batchSize = 8;
        private double learningRate = 0.01;
        private Updater updater = Updater.ADAM;
        private int workers = 1;
        private int averagingFrequency = 1;
        private long seed = 7;
        private ClassWeights classWeights = ClassWeights.NONE;
        private Checkpoint checkpoint = Checkpoint.EVERY_EPOCH;
        private int earlyStoppingPatience = 0;
        private int tbpttLength = 0;
        private boolean stats = false;
        private int retries = 2;
        private Engine engine = Engine.SPARK;
        private int prefetch = 2;
        private double learningRateDecay = 1.0;
        private int learningRateDecayAfter = 0;
        private LearningRateScaling learningRateScaling = LearningRateScaling.NONE;
        private JobConfig.Optimizer optimizer = JobConfig.Optimizer.NONE;
        private int ensemble = 1;

        private Training() {
        }

        public Training epochs(int v) {
            epochs = v;
            return this;
        }

        public Training batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Training learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** training.updater as spelt in a job file. */
        public Training updater(String v) {
            updater = of(Updater.class, v);
            return this;
        }

        public Training workers(int v) {
            workers = v;
            return this;
        }

        public Training averagingFrequency(int v) {
            averagingFrequency = v;
            return this;
        }

        public Training seed(long v) {
            seed = v;
            return this;
        }

        public Training classWeights(String v) {
            classWeights = of(ClassWeights.class, v);
            return this;
        }

        public Training checkpoint(String v) {
            checkpoint = of(Checkpoint.class, v);
            return this;
        }

        public Training earlyStoppingPatience(int v) {
            earlyStoppingPatience = v;
            return this;
        }

        public Training tbpttLength(int v) {
            tbpttLength = v;
            return this;
        }

        public Training stats(boolean v) {
            stats = v;
            return this;
        }

        public Training retries(int v) {
            retries = v;
            return this;
        }

        public Training engine(String v) {
            engine = of(Engine.class, v);
            return this;
        }

        public Training prefetch(int v) {
            prefetch = v;
            return this;
        }

        /** training.learning-rate-decay and learning-rate-decay-after. */
        public Training learningRateDecay(double decay, int after) {
            learningRateDecay = decay;
            learningRateDecayAfter = after;
            return this;
        }

        public Training learningRateScaling(LearningRateScaling v) {
            learningRateScaling = v;
            return this;
        }

        public Training optimizer(JobConfig.Optimizer v) {
            optimizer = v;
            return this;
        }

        public Training ensemble(int v) {
            ensemble = v;
            return this;
        }

        public JobConfig.TrainingSpec build() {
            return new JobConfig.TrainingSpec(epochs, batchSize, learningRate, updater, workers, averagingFrequency,
                    seed, classWeights, checkpoint, earlyStoppingPatience, tbpttLength, stats, retries, engine,
                    prefetch, learningRateDecay, learningRateDecayAfter, learningRateScaling, optimizer, ensemble);
        }
    }

    /** Unidirectional, no dropout, hidden output, GRU reset-after, embeddings of 64, last-step head. */
    public static final class Model {
        private final Cell cell;
        private List<Integer> units;
        private boolean bidirectional = false;
        private double dropout = 0.0;
        private ModelOutput output = ModelOutput.HIDDEN;
        private boolean gruResetAfter = true;
        private int embeddingSize = 64;
        private Head head = Head.LAST;
        private DropoutType dropoutType = DropoutType.STANDARD;

        private Model(String cell) {
            this.cell = of(Cell.class, cell);
        }

        public Model units(Integer... v) {
            return units(List.of(v));
        }

        public Model units(List<Integer> v) {
            units = v;
            return this;
        }

        public Model bidirectional(boolean v) {
            bidirectional = v;
            return this;
        }

        public Model dropout(double v) {
            dropout = v;
            return this;
        }

        /** model.dropout with model.dropout-type, as spelt in a job file. */
        public Model dropout(double v, String type) {
            dropout = v;
            dropoutType = of(DropoutType.class, type);
            return this;
        }

        public Model output(String v) {
            output = of(ModelOutput.class, v);
            return this;
        }

        public Model gruResetAfter(boolean v) {
            gruResetAfter = v;
            return this;
        }

        public Model embeddingSize(int v) {
            embeddingSize = v;
            return this;
        }

        public Model head(String v) {
            head = of(Head.class, v);
            return this;
        }

        public JobConfig.ModelSpec build() {
            if (units == null) {
                throw new IllegalStateException("set the layer sizes (units)");
            }
            return new JobConfig.ModelSpec(cell, units, bidirectional, dropout, output, gruResetAfter, embeddingSize,
                    head, dropoutType);
        }
    }

    /**
     * No season, global scaling, absolute window origin, no target transform, window normalisation or seasonal
     * differencing, point forecasts, no known-future, static or calendar covariates.
     */
    public static final class Forecast {
        private final List<String> targetColumns;
        private int lookback = 1;
        private int horizon = 1;
        private int stride = 1;
        private int season = 0;
        private ScalingScope scalingScope = ScalingScope.GLOBAL;
        private WindowOrigin windowOrigin = WindowOrigin.ABSOLUTE;
        private Transform transform = Transform.NONE;
        private WindowNormalize normalize = WindowNormalize.NONE;
        private boolean seasonalDifference = false;
        private List<Double> quantiles = List.of();
        private List<String> futureColumns = List.of();
        private List<String> staticColumns = List.of();
        private List<String> calendar = List.of();

        private Forecast(List<String> targetColumns) {
            this.targetColumns = targetColumns;
        }

        /** sequence.window.lookback, horizon and stride. */
        public Forecast window(int lookback, int horizon, int stride) {
            this.lookback = lookback;
            this.horizon = horizon;
            this.stride = stride;
            return this;
        }

        public Forecast season(int v) {
            season = v;
            return this;
        }

        public Forecast scalingScope(String v) {
            scalingScope = of(ScalingScope.class, v);
            return this;
        }

        public Forecast windowOrigin(String v) {
            windowOrigin = of(WindowOrigin.class, v);
            return this;
        }

        public Forecast transform(String v) {
            transform = of(Transform.class, v);
            return this;
        }

        public Forecast normalize(String v) {
            normalize = of(WindowNormalize.class, v);
            return this;
        }

        public Forecast seasonalDifference(boolean v) {
            seasonalDifference = v;
            return this;
        }

        public Forecast quantiles(List<Double> v) {
            quantiles = v;
            return this;
        }

        public Forecast futureColumns(List<String> v) {
            futureColumns = v;
            return this;
        }

        public Forecast staticColumns(List<String> v) {
            staticColumns = v;
            return this;
        }

        public Forecast calendar(List<String> v) {
            calendar = v;
            return this;
        }

        public JobConfig.ForecastSpec build() {
            return new JobConfig.ForecastSpec(targetColumns, lookback, horizon, stride, season, scalingScope,
                    windowOrigin, transform, normalize, seasonalDifference, quantiles, futureColumns, staticColumns,
                    calendar);
        }
    }
}
