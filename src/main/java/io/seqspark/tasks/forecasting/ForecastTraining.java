package io.seqspark.tasks.forecasting;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.Backtest;
import io.seqspark.evaluation.ForecastEvaluator;
import io.seqspark.models.ModelBundle;
import io.seqspark.models.ModelFactory;
import io.seqspark.report.BacktestSection;
import io.seqspark.report.DataCounts;
import io.seqspark.report.ForecastSection;
import io.seqspark.report.RunReport;
import io.seqspark.sources.DataSources;
import io.seqspark.storage.RunWriter;
import io.seqspark.training.Checkpoints;
import io.seqspark.training.ReportSections;
import io.seqspark.training.SparkTrainer;
import io.seqspark.vectorize.Covariates;
import io.seqspark.vectorize.ForecastBatches;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.ForecastWindows;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SequenceAssembler;
import io.seqspark.vectorize.SeriesScalers;
import io.seqspark.vectorize.Splitter;
import io.seqspark.vectorize.TargetTransform;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * task = forecast: series split by time, cut into windows, scaled on their training period only; a recurrent
 * network predicts the next horizon steps of the targets and is scored on the original scale against the naive,
 * seasonal-naive and exponential-smoothing baselines on exactly the same test windows.
 */
final class ForecastTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastTraining.class);
    /** Points of the plotted series shown before its test period. */
    private static final int PLOT_HISTORY = 300;

    private ForecastTraining() {
    }

    static RunReport run(SparkSession spark, JobConfig config, RunWriter run, Checkpoints checkpoints)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JobConfig.SequenceSpec spec = config.sequence();
        JobConfig.ForecastSpec forecast = config.forecast();
        JobConfig.SplitSpec split = config.split();
        String source = config.data().source();
        int workers = SparkTrainer.workers(jsc, config.training());

        Dataset<Row> input = DataSources.main(spark, config.data()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> assembled = Covariates.assemble(input, spec, forecast, source);
        TargetTransform.requirePositive(input, forecast.targetColumns(), forecast.transformKind(), source);
        JavaRDD<LabeledSequence> series = SequenceAssembler.toSequences(assembled)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long nSeries = series.count();
        DataCounts.Skipped skipped = ForecastWindows.skipped(series, forecast, split, null, source);
        DataCounts.Skipped backtestSkipped = config.backtestSpec().enabled()
                ? Backtest.skipped(series, forecast, config.backtestSpec(), source) : null;
        SeriesScalers scalers = fitScalers(config, ForecastWindows.trainingPeriods(series, split));
        TargetTransform transform = scalers.transform();
        if (transform.transforms() || transform.normalizes()) {
            LOG.info("Targets: sequence.transform = {}{}, sequence.window.normalize = {}", transform.kind(),
                    TargetTransform.BOX_COX.equals(transform.kind()) ? " (lambda " + java.util.Arrays.toString(
                            transform.lambda()) + ")" : "", transform.normalize());
        }

        JavaRDD<ForecastWindow> windows = ForecastWindows.windows(series, forecast, split)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long seed = config.training().seed();
        JavaRDD<ForecastWindow> train = shuffled(windows.filter(w -> w.part().equals(Splitter.TRAIN)), seed, workers);
        JavaRDD<ForecastWindow> validation = windows.filter(w -> w.part().equals(Splitter.VALIDATION));
        JavaRDD<ForecastWindow> test = windows.filter(w -> w.part().equals(Splitter.TEST));
        Map<String, Long> counts = windows.map(ForecastWindow::part).countByValue();
        long nTrain = counts.getOrDefault(Splitter.TRAIN, 0L);
        long nValidation = counts.getOrDefault(Splitter.VALIDATION, 0L);
        long nTest = counts.getOrDefault(Splitter.TEST, 0L);
        LOG.info("{} series; windows of {} steps forecasting {} step(s): {} train, {} validation, {} test",
                nSeries, forecast.lookback(), forecast.horizon(), nTrain, nValidation, nTest);
        String windowKeys = "sequence.window.lookback = " + forecast.lookback() + ", horizon = " + forecast.horizon()
                + (forecast.season() > 0 ? ", sequence.season = " + forecast.season() : "");
        if (nTrain == 0) {
            throw new UserError("no training windows in " + source + ": the training period of every series (the "
                    + "first " + Math.round(100 * (1 - split.test() - split.validation())) + "% of its steps) is "
                    + "shorter than " + windowKeys + " need; lower the lookback or the split fractions");
        }
        if (nTest == 0) {
            throw new UserError("no test windows in " + source + ": the test period of every series (the last "
                    + Math.round(100 * split.test()) + "% of its steps) is shorter than the horizon, or lacks the "
                    + "history that " + windowKeys + " need; raise split.test or lower the window");
        }

        int batch = config.training().batchSize();
        JavaRDD<DataSet> trainBatches = ForecastBatches.batches(train, scalers, forecast, batch);
        JavaRDD<DataSet> validationBatches = nValidation == 0 ? null
                : ForecastBatches.batches(validation, scalers, forecast, batch)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        List<SparkTrainer.Result> trained = trainEnsemble(jsc, config, workers, trainBatches, nTrain,
                validationBatches, checkpoints);
        // The first member's result (epochs, losses) is reported.
        SparkTrainer.Result result = trained.get(0);
        List<MultiLayerNetwork> members = trained.stream().map(SparkTrainer.Result::network).toList();

        String plotSeries = ForecastEvaluator.plottedSeriesOf(test);
        ForecastEvaluator.Result scores = ForecastEvaluator.evaluate(jsc, members, test, scalers, forecast,
                batch, plotSeries);
        LOG.info("Test RMSE {} (naive {}{}, exponential smoothing {}), MAE {} on {} windows",
                scores.model().rmse(), scores.naive().rmse(), scores.seasonal() == null ? ""
                        : ", seasonal naive " + scores.seasonal().rmse(), scores.ets().rmse(),
                scores.model().mae(), nTest);

        new ModelBundle(members.get(0), new Preprocessing.Forecasting(spec, forecast, scalers), config.resolved(),
                members.subList(1, members.size())).writeTo(run);
        RunReport common = ReportSections.common(config, nTrain, nValidation, nTest, result);
        BacktestSection backtest = null;
        if (config.backtestSpec().refits()) {
            backtest = Backtest.runRefit(jsc, series, forecast, config.backtestSpec(), batch, backtestSkipped,
                    (origin, history) -> refit(jsc, config, workers, origin, history));
        } else if (config.backtestSpec().enabled()) {
            backtest = Backtest.run(jsc, members, series, scalers, forecast, split, config.backtestSpec(), batch,
                    backtestSkipped);
        }
        RunReport report = common
                .withData(common.data().withSeries(nSeries, skipped,
                        SequenceAssembler.sequencesLost(input, assembled, spec)))
                .withScores(scores.metrics(), scores.baselines(forecast.season()))
                .withForecast(forecastSection(config, nSeries, scalers, plotSeries,
                        series.filter(s -> s.id().equals(plotSeries)).first(), scores), backtest);
        ReportSections.write(run, report, result);
        windows.unpersist();
        train.unpersist();
        series.unpersist();
        input.unpersist();
        return report;
    }

    /**
     * backtest.refit = every-origin: the target transform, the scalers and every ensemble member trained again,
     * with the run's settings, on all windows of {@code history} (every series cut before one origin; no
     * validation split, no checkpoints).
     *
     * @throws UserError when the history gives no training window
     */
    private static Backtest.Refitted refit(JavaSparkContext jsc, JobConfig config, int workers, int origin,
                                           JavaRDD<LabeledSequence> history) throws IOException {
        JobConfig.ForecastSpec forecast = config.forecast();
        SeriesScalers scalers = fitScalers(config, history);
        // Every window of the history is a training window.
        JobConfig.SplitSpec all = new JobConfig.SplitSpec(0, 0, config.split().seed(), config.split().byTime());
        JavaRDD<ForecastWindow> train = shuffled(ForecastWindows.windows(history, forecast, all),
                config.training().seed(), workers);
        long nTrain = train.count();
        if (nTrain == 0) {
            throw new UserError("backtest.refit = every-origin: no training window before origin " + (origin + 1)
                    + " of " + config.data().source() + " (every series has fewer than sequence.window.lookback + "
                    + "horizon = " + (forecast.lookback() + forecast.horizon()) + " steps before it); lower "
                    + "backtest.origins or backtest.step, or use backtest.refit = none");
        }
        JavaRDD<DataSet> batches = ForecastBatches.batches(train, scalers, forecast, config.training().batchSize());
        List<MultiLayerNetwork> members = trainEnsemble(jsc, config, workers, batches, nTrain, null, null).stream()
                .map(SparkTrainer.Result::network).toList();
        train.unpersist();
        return new Backtest.Refitted(members, scalers, nTrain);
    }

    /**
     * The target transform fitted on {@code periods} (the steps the model may learn from), then the scalers on the
     * transformed values, expanded over the lead features.
     */
    private static SeriesScalers fitScalers(JobConfig config, JavaRDD<LabeledSequence> periods) {
        JobConfig.SequenceSpec spec = config.sequence();
        JobConfig.ForecastSpec forecast = config.forecast();
        TargetTransform transform = TargetTransform.fit(forecast.transformKind(), forecast.normalizeKind(), forecast,
                periods);
        int stepWidth = Covariates.stepWidth(spec, forecast);
        return Covariates.expand(SeriesScalers.fit(spec.scaling().key(), periods, stepWidth, forecast.perSeries(),
                transform, forecast.targets()), forecast, stepWidth);
    }

    /**
     * training.ensemble: the members train one after the other through the same trainer, seeds seed, seed + 1,
     * ...; only their parameters stay on the driver, and only the first is checkpointed.
     */
    private static List<SparkTrainer.Result> trainEnsemble(JavaSparkContext jsc, JobConfig config, int workers,
                                                           JavaRDD<DataSet> batches, long examples,
                                                           JavaRDD<DataSet> validation, Checkpoints checkpoints)
            throws IOException {
        JobConfig.ForecastSpec forecast = config.forecast();
        long seed = config.training().seed();
        int ensemble = config.training().ensemble();
        List<SparkTrainer.Result> out = new ArrayList<>();
        for (int m = 0; m < ensemble; m++) {
            JobConfig.TrainingSpec training = config.training().withSeed(seed + m);
            MultiLayerConfiguration net = ModelFactory.forecaster(config.model(), training,
                    Covariates.inputWidth(config.sequence(), forecast), forecast.horizon() * forecast.targets(),
                    forecast.quantileLevels());
            if (ensemble > 1) {
                LOG.info("Ensemble member {} of {} (seed {})", m + 1, ensemble, seed + m);
            }
            out.add(SparkTrainer.train(jsc, net, training, workers, batches, examples, validation,
                    m == 0 ? checkpoints : null));
        }
        return out;
    }

    /**
     * Neighbouring windows overlap almost entirely: shuffled (seeded) so each minibatch mixes times and series;
     * persisted.
     */
    private static JavaRDD<ForecastWindow> shuffled(JavaRDD<ForecastWindow> windows, long seed, int workers) {
        return windows.sortBy(w -> shuffleKey(w, seed), true, workers).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** A seeded pseudo-random order of the windows, the same on every run and partitioning. */
    private static int shuffleKey(ForecastWindow w, long seed) {
        return new SplittableRandom(seed * 31 + ((long) w.series().hashCode() << 32 | w.origin())).nextInt();
    }

    /** The window spec, the scaling and the data of the forecast-vs-actual chart (first target, one series). */
    private static ForecastSection forecastSection(JobConfig config, long nSeries, SeriesScalers scalers,
                                                   String plotSeries, LabeledSequence plotted,
                                                   ForecastEvaluator.Result scores) {
        JobConfig.ForecastSpec f = config.forecast();
        List<Double> levels = f.probabilistic() ? f.quantileLevels() : null;
        int[] bounds = ForecastWindows.bounds(plotted.length(), config.split());
        int from = Math.max(0, bounds[0] - PLOT_HISTORY);
        List<Double> actual = new ArrayList<>();
        for (int t = from; t < plotted.length(); t++) {
            actual.add((double) plotted.steps()[t][0]);
        }
        ForecastSection.Plot plot = new ForecastSection.Plot(plotSeries, f.targetColumns().get(0), from, bounds[0],
                bounds[1], actual, scores.plot(), levels);
        TargetTransform transform = scalers.transform();
        return new ForecastSection(f.targetColumns(), config.sequence().featureColumns(), f.futureColumnList(),
                f.staticColumnList(), f.calendarFeatures(), f.lookback(), f.horizon(), f.stride(), f.season(),
                f.windowOrigin().key(), nSeries, config.sequence().scaling().key(), f.scalingScope().key(),
                scalers.perSeries().size(), levels, transform.kind(),
                TargetTransform.BOX_COX.equals(transform.kind())
                        ? Arrays.stream(transform.lambda()).boxed().toList() : null, transform.normalize(),
                config.training().ensemble(), plot);
    }

}
