package io.seqspark.evaluation;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.BacktestSection;
import io.seqspark.report.DataCounts;
import io.seqspark.report.ForecastErrors;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.ForecastBatches;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.ForecastWindows;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.SeriesScalers;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolling-origin backtest (the backtest section): every series gets backtest.origins forecast origins,
 * backtest.step steps apart, the last leaving exactly horizon steps to its end. From each origin the trained
 * network (an ensemble's mean, a quantile forecaster's median) forecasts the next horizon steps from the lookback
 * steps before it, and the naive, seasonal-naive and exponential-smoothing baselines forecast the same steps. The
 * (series, origin) pairs are an RDD scored on the executors with the broadcast networks, through the same
 * {@link ForecastBatches} path as the test evaluation (scaling, transforms and quantiles inverted to the original
 * scale); only error sums per (forecaster, origin, horizon step) reach the driver.
 *
 * <p>With backtest.refit = every-origin ({@link #runRefit}) the network and every fitted stage are trained again
 * before each origin on all steps of every series before it (Hyndman &amp; Athanasopoulos, <i>Forecasting:
 * Principles and Practice</i>, 3rd ed., section 5.10, "evaluation on a rolling forecasting origin"), and the
 * exponential-smoothing model fitted again on the same steps.
 */
public final class Backtest {
    private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);
    public static final String MODEL = "model";
    /** A backtest window's part (ForecastWindow.part): its forecast steps may lie in any split period. */
    static final String PART = "backtest";

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            MODEL, "the trained network (an ensemble's mean forecast), forecasting from the lookback steps before "
                    + "each origin",
            ForecastEvaluator.NAIVE, "repeats the last value before the origin",
            ForecastEvaluator.SEASONAL_NAIVE, "repeats the value one season earlier",
            ForecastEvaluator.ETS, "exponential smoothing fitted once per series and target on its training period "
                    + "(as in the test evaluation), forecasting from each origin with its parameters fixed");
    /** What changes with backtest.refit = every-origin. */
    private static final Map<String, String> REFIT_DESCRIPTIONS = Map.of(
            MODEL, "the network (an ensemble's mean forecast) trained again before each origin on all steps of "
                    + "every series before it, forecasting from the lookback steps before the origin",
            ForecastEvaluator.ETS, "exponential smoothing fitted again per series and target before each origin on "
                    + "all steps before it");

    /**
     * Trains the network(s) again for one origin (backtest.refit = every-origin).
     */
    @FunctionalInterface
    public interface Refit {
        /**
         * @param origin  the origin's position, 0 = earliest
         * @param history every series long enough for the backtest, cut just before its origin {@code origin}
         * @return the networks (an ensemble's members) and the scalers fitted on {@code history}
         * @throws UserError when the history gives no training window
         */
        Refitted fit(int origin, JavaRDD<LabeledSequence> history) throws java.io.IOException;
    }

    /** What a {@link Refit} trained: the networks, the scalers they read, and how many windows they trained on. */
    public record Refitted(List<MultiLayerNetwork> networks, SeriesScalers scalers, long trainingWindows) {
    }

    private Backtest() {
    }

    /**
     * One (series, origin) pair: the origin's position among the series' origins (0 = earliest), its window with
     * the baselines' forecasts, and whether the origin lies before the series' test period (where the network
     * and the exponential-smoothing model saw the steps it forecasts, or some of them, in training).
     */
    public record Pair(int index, ForecastWindow window, boolean beforeTest) implements Serializable {
    }

    /**
     * The origins of a series of {@code length} steps, ascending: origins[i] = length - horizon - (N - 1 - i) *
     * step, so the last leaves exactly horizon steps. Empty when the first lacks the history a window and the
     * seasonal-naive baseline need before it (lookback steps, and sequence.season steps with a season).
     */
    public static int[] origins(int length, JobConfig.ForecastSpec spec, JobConfig.BacktestSpec backtest) {
        int n = backtest.origins();
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = length - spec.horizon() - (n - 1 - i) * backtest.step();
        }
        return n == 0 || o[0] < firstOrigin(spec) ? new int[0] : o;
    }

    /** The earliest origin a window with baselines can have. */
    static int firstOrigin(JobConfig.ForecastSpec spec) {
        return Math.max(spec.lookback(), Math.max(0, spec.season()));
    }

    /** The fewest steps a series needs for the backtest. */
    static int minLength(JobConfig.ForecastSpec spec, JobConfig.BacktestSpec backtest) {
        return firstOrigin(spec) + (backtest.origins() - 1) * backtest.step() + spec.horizon();
    }

    /**
     * The backtest pairs of one series, in origin order (none when it is too short), with the baselines: the
     * exponential-smoothing model is fitted per target on the training period (the test evaluation's fit) and
     * forecasts from each origin with its parameters fixed, the state updated through the history before it.
     */
    public static List<Pair> pairs(LabeledSequence s, JobConfig.ForecastSpec spec, JobConfig.SplitSpec split,
                                   JobConfig.BacktestSpec backtest) {
        int[] origins = origins(s.length(), spec, backtest);
        if (origins.length == 0) {
            return List.of();
        }
        int[] bounds = ForecastWindows.bounds(s.length(), split);
        double[] maseScale = ForecastWindows.maseScale(s.steps(), bounds[0], spec);
        ExponentialSmoothing.SeriesForecasts ets = ExponentialSmoothing.perTarget(s.steps(), spec.targets(),
                bounds[0], spec.season(), origins, spec.horizon());
        List<Pair> out = new ArrayList<>(origins.length);
        for (int i = 0; i < origins.length; i++) {
            out.add(new Pair(i, ForecastWindows.window(s, spec, PART, origins[i], maseScale)
                    .withEts(ets.forecasts()[i], ets.fits()), origins[i] < bounds[1]));
        }
        return out;
    }

    /**
     * The pair of one series at its origin {@code index} for a refitted model: the MASE scale and the
     * exponential-smoothing model come from the steps before that origin only, like the refitted network.
     */
    static Pair pairAt(LabeledSequence s, JobConfig.ForecastSpec spec, JobConfig.BacktestSpec backtest, int index) {
        int origin = origins(s.length(), spec, backtest)[index];
        double[] maseScale = ForecastWindows.maseScale(s.steps(), origin, spec);
        ExponentialSmoothing.SeriesForecasts ets = ExponentialSmoothing.perTarget(s.steps(), spec.targets(), origin,
                spec.season(), new int[]{origin}, spec.horizon());
        return new Pair(index, ForecastWindows.window(s, spec, PART, origin, maseScale)
                .withEts(ets.forecasts()[0], ets.fits()), false);
    }

    /** Every step of {@code s} before its origin {@code index}: the history a refit trains on. */
    static LabeledSequence history(LabeledSequence s, JobConfig.ForecastSpec spec, JobConfig.BacktestSpec backtest,
                                   int index) {
        int origin = origins(s.length(), spec, backtest)[index];
        return new LabeledSequence(s.id(), s.label(), java.util.Arrays.copyOf(s.steps(), origin));
    }

    /** Error sums per forecaster, origin and horizon step; mergeable across partitions. */
    static final class Grid implements Serializable {
        final List<String> forecasters;
        final ErrorSums[][][] sums;

        Grid(List<String> forecasters, int origins, int horizon) {
            this.forecasters = forecasters;
            sums = new ErrorSums[forecasters.size()][origins][horizon];
            for (ErrorSums[][] f : sums) {
                for (ErrorSums[] o : f) {
                    for (int k = 0; k < horizon; k++) {
                        o[k] = new ErrorSums();
                    }
                }
            }
        }

        void add(int forecaster, int origin, int step, double actual, double forecast, double scale) {
            sums[forecaster][origin][step].add(actual, forecast, scale);
        }

        Grid merge(Grid o) {
            for (int f = 0; f < sums.length; f++) {
                for (int i = 0; i < sums[f].length; i++) {
                    for (int k = 0; k < sums[f][i].length; k++) {
                        sums[f][i][k].merge(o.sums[f][i][k]);
                    }
                }
            }
            return this;
        }
    }

    /** The forecasters scored, in report order. */
    static List<String> forecasters(JobConfig.ForecastSpec spec) {
        List<String> f = new ArrayList<>(List.of(MODEL, ForecastEvaluator.NAIVE));
        if (spec.season() > 0) {
            f.add(ForecastEvaluator.SEASONAL_NAIVE);
        }
        f.add(ForecastEvaluator.ETS);
        return f;
    }

    /**
     * The series too short for the backtest, counted with the first few ids and why (and a WARN), as
     * ForecastWindows.skipped counts the series without windows; checked before training so a backtest no series
     * can take fails at once.
     *
     * @throws UserError when no series is long enough, naming the keys
     */
    public static DataCounts.Skipped skipped(JavaRDD<LabeledSequence> series, JobConfig.ForecastSpec spec,
                                             JobConfig.BacktestSpec backtest, String source) {
        JavaRDD<LabeledSequence> tooShort = series.filter(s -> origins(s.length(), spec, backtest).length == 0);
        long skipped = tooShort.count();
        if (skipped == 0) {
            return DataCounts.Skipped.NONE;
        }
        List<String> ids = tooShort.map(LabeledSequence::id).takeOrdered(5);
        String reason = "shorter than the " + minLength(spec, backtest) + " steps that backtest.origins = "
                + backtest.origins() + ", backtest.step = " + backtest.step() + " with sequence.window.lookback = "
                + spec.lookback() + ", horizon = " + spec.horizon()
                + (spec.season() > 0 ? ", sequence.season = " + spec.season() : "") + " need";
        if (skipped == series.count()) {
            throw new UserError("no series of " + source + " is long enough for the backtest: every one is "
                    + reason + " (e.g. " + String.join(", ", ids) + "); lower backtest.origins or backtest.step");
        }
        LOG.warn("{} series of {} skipped ({}), e.g. {}", skipped, source, reason, String.join(", ", ids));
        return new DataCounts.Skipped(skipped, ids, reason);
    }

    /**
     * Runs the backtest of the trained network(s) (an ensemble's members) on every series long enough and returns
     * report.json's backtest section.
     *
     * @param skipped what {@link #skipped} found
     */
    public static BacktestSection run(JavaSparkContext jsc, List<MultiLayerNetwork> networks,
                                          JavaRDD<LabeledSequence> series, SeriesScalers scalers,
                                          JobConfig.ForecastSpec spec, JobConfig.SplitSpec split,
                                          JobConfig.BacktestSpec backtest, int batchSize,
                                          DataCounts.Skipped skipped) {
        int n = backtest.origins();
        // One pair per (series, origin), spread over the executors whatever the number of series.
        JavaRDD<Pair> pairs = series.flatMap(s -> pairs(s, spec, split, backtest).iterator())
                .repartition(jsc.defaultParallelism()).persist(StorageLevel.MEMORY_AND_DISK());
        Grid grid = grid(jsc, networks, pairs, scalers, spec, n, batchSize);
        Map<Integer, int[]> range = originRange(pairs);
        long pairCount = pairs.count();
        long beforeTest = pairs.filter(Pair::beforeTest).count();
        pairs.unpersist();
        if (beforeTest > 0) {
            LOG.warn("{} of {} (series, origin) pairs forecast from before the test period (steps the "
                    + "network trained on); lower backtest.origins or backtest.step to keep to the test period",
                    beforeTest, pairCount);
        }
        return section(grid, range, spec, backtest, pairCount, beforeTest, skipped, null);
    }

    /**
     * Runs the backtest with backtest.refit = every-origin: before each origin, {@code refit} trains the networks
     * again on every series cut at that origin, and they forecast from it; returns report.json's backtest section
     * with the training windows of each origin's refit.
     *
     * @param series  every series (those too short for the backtest are left out of training and scoring)
     * @param skipped what {@link #skipped} found
     * @throws UserError when an origin's history gives no training window (from {@code refit})
     */
    public static BacktestSection runRefit(JavaSparkContext jsc, JavaRDD<LabeledSequence> series,
                                               JobConfig.ForecastSpec spec, JobConfig.BacktestSpec backtest,
                                               int batchSize, DataCounts.Skipped skipped, Refit refit)
            throws java.io.IOException {
        int n = backtest.origins();
        JavaRDD<LabeledSequence> eligible = series.filter(s -> origins(s.length(), spec, backtest).length > 0)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Grid grid = new Grid(forecasters(spec), n, spec.horizon());
        Map<Integer, int[]> range = new java.util.HashMap<>();
        List<Long> trainingWindows = new ArrayList<>();
        long pairCount = 0;
        for (int i = 0; i < n; i++) {
            int index = i;
            LOG.info("Backtest origin {} of {}: training again on the steps before it", i + 1, n);
            JavaRDD<LabeledSequence> history = eligible.map(s -> history(s, spec, backtest, index))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Refitted fitted = refit.fit(i, history);
            history.unpersist();
            trainingWindows.add(fitted.trainingWindows());
            JavaRDD<Pair> pairs = eligible.map(s -> pairAt(s, spec, backtest, index))
                    .repartition(jsc.defaultParallelism()).persist(StorageLevel.MEMORY_AND_DISK());
            grid.merge(grid(jsc, fitted.networks(), pairs, fitted.scalers(), spec, n, batchSize));
            range.putAll(originRange(pairs));
            pairCount += pairs.count();
            pairs.unpersist();
        }
        eligible.unpersist();
        // A refitted network never saw the steps it forecasts: no pair lies in its training steps.
        return section(grid, range, spec, backtest, pairCount, 0, skipped, trainingWindows);
    }

    /** Scores the pairs on the executors with the broadcast networks: error sums per forecaster, origin, step. */
    private static Grid grid(JavaSparkContext jsc, List<MultiLayerNetwork> networks, JavaRDD<Pair> pairs,
                             SeriesScalers scalers, JobConfig.ForecastSpec spec, int origins, int batchSize) {
        List<String> forecasters = forecasters(spec);
        int horizon = spec.horizon();
        List<NetworkBroadcast> models = new ArrayList<>();
        for (MultiLayerNetwork network : networks) {
            models.add(NetworkBroadcast.of(jsc, network));
        }
        Grid grid = pairs.mapPartitions(it -> {
            List<MultiLayerNetwork> nets = new ArrayList<>();
            for (NetworkBroadcast b : models) {
                nets.add(b.restore());
            }
            Grid g = new Grid(forecasters, origins, horizon);
            Chunks.forEach(it, batchSize, batch -> score(nets, batch, scalers, spec, g));
            return List.of(g).iterator();
        }).fold(new Grid(forecasters, origins, horizon), Grid::merge);
        models.forEach(NetworkBroadcast::destroy);
        return grid;
    }

    /** Where the origins lie: the first and last time index of each origin over the series. */
    private static Map<Integer, int[]> originRange(JavaRDD<Pair> pairs) {
        return new java.util.HashMap<>(pairs.mapToPair(p -> new Tuple2<>(p.index(),
                        new int[]{p.window().origin(), p.window().origin()}))
                .reduceByKey((a, b) -> new int[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])}).collectAsMap());
    }

    /** report.json's backtest section; {@code trainingWindows} per origin with a refit, else null. */
    private static BacktestSection section(Grid grid, Map<Integer, int[]> range, JobConfig.ForecastSpec spec,
                                           JobConfig.BacktestSpec backtest, long pairCount, long beforeTest,
                                           DataCounts.Skipped skipped, List<Long> trainingWindows) {
        int n = backtest.origins();
        int horizon = spec.horizon();
        Map<String, BacktestSection.Forecaster> forecasters = forecasters(grid, backtest, horizon);
        BacktestSection section = new BacktestSection(n, backtest.step(), backtest.refit().key(), trainingWindows,
                horizon, pairCount / n, skipped, pairCount, beforeTest, positions(range, backtest, horizon),
                forecasters);
        LOG.info("Backtest of {} origins (step{}) on {} series: RMSE model {}, naive {}{}, ets {}", n,
                " " + backtest.step() + (backtest.refits() ? ", refit every origin" : ""), pairCount / n,
                overall(section, MODEL), overall(section, ForecastEvaluator.NAIVE),
                spec.season() > 0 ? ", seasonal naive " + overall(section, ForecastEvaluator.SEASONAL_NAIVE) : "",
                overall(section, ForecastEvaluator.ETS));
        return section;
    }

    private static Double overall(BacktestSection section, String forecaster) {
        return section.forecasters().get(forecaster).overall().rmse();
    }

    private static void score(List<MultiLayerNetwork> nets, List<Pair> batch, SeriesScalers scalers,
                              JobConfig.ForecastSpec spec, Grid g) {
        List<ForecastWindow> windows = batch.stream().map(Pair::window).toList();
        float[][][][] forecasts = ForecastBatches.forecasts(nets, windows, scalers, spec);
        boolean seasonal = spec.season() > 0;
        int ets = g.forecasters.indexOf(ForecastEvaluator.ETS);
        for (int i = 0; i < windows.size(); i++) {
            ForecastWindow w = windows.get(i);
            int o = batch.get(i).index();
            float[][] model = ForecastBatches.mean(forecasts, i);
            for (int k = 0; k < spec.horizon(); k++) {
                for (int j = 0; j < spec.targets(); j++) {
                    double actual = w.targets()[k][j];
                    double scale = w.maseScale()[j];
                    g.add(0, o, k, actual, model[k][j], scale);
                    g.add(1, o, k, actual, w.naive()[k][j], scale);
                    if (seasonal) {
                        g.add(2, o, k, actual, w.seasonalNaive()[k][j], scale);
                    }
                    if (Float.isFinite(w.ets()[k][j])) {
                        g.add(ets, o, k, actual, w.ets()[k][j], scale);
                    }
                }
            }
        }
    }

    /** Where each origin lies: its time indices over the series (null when no pair had it). */
    static List<BacktestSection.OriginPosition> positions(Map<Integer, int[]> range, JobConfig.BacktestSpec backtest,
                                                          int horizon) {
        int n = backtest.origins();
        List<BacktestSection.OriginPosition> origins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] r = range.get(i);
            origins.add(new BacktestSection.OriginPosition(i + 1, horizon + (n - 1 - i) * backtest.step(),
                    r == null ? null : r[0], r == null ? null : r[1]));
        }
        return origins;
    }

    /** Per forecaster, its errors overall, per origin, per horizon step and per (origin, horizon step). */
    static Map<String, BacktestSection.Forecaster> forecasters(Grid grid, JobConfig.BacktestSpec backtest,
                                                               int horizon) {
        int n = backtest.origins();
        Map<String, BacktestSection.Forecaster> forecasters = new LinkedHashMap<>();
        for (int f = 0; f < grid.forecasters.size(); f++) {
            ErrorSums[][] sums = grid.sums[f];
            ErrorSums all = new ErrorSums();
            List<ForecastErrors> perOrigin = new ArrayList<>();
            List<List<ForecastErrors>> perOriginStep = new ArrayList<>();
            ErrorSums[] steps = new ErrorSums[horizon];
            for (int k = 0; k < horizon; k++) {
                steps[k] = new ErrorSums();
            }
            for (int i = 0; i < n; i++) {
                ErrorSums origin = new ErrorSums();
                List<ForecastErrors> cells = new ArrayList<>();
                for (int k = 0; k < horizon; k++) {
                    origin.merge(sums[i][k]);
                    steps[k].merge(sums[i][k]);
                    cells.add(sums[i][k].errors().atStep(k + 1));
                }
                all.merge(origin);
                perOrigin.add(origin.errors().atOrigin(i + 1));
                perOriginStep.add(cells);
            }
            List<ForecastErrors> perStep = new ArrayList<>();
            for (int k = 0; k < horizon; k++) {
                perStep.add(steps[k].errors().atStep(k + 1));
            }
            String name = grid.forecasters.get(f);
            String description = backtest.refits() && REFIT_DESCRIPTIONS.containsKey(name)
                    ? REFIT_DESCRIPTIONS.get(name) : DESCRIPTIONS.get(name);
            forecasters.put(name, new BacktestSection.Forecaster(description, all.errors(), perOrigin, perStep,
                    perOriginStep));
        }
        return forecasters;
    }
}
