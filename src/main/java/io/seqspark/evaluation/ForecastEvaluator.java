package io.seqspark.evaluation;

import io.seqspark.config.JobConfig;
import io.seqspark.models.NetworkBroadcast;
import io.seqspark.report.ForecastErrors;
import io.seqspark.report.ForecastSection.Point;
import io.seqspark.report.Metrics;
import io.seqspark.report.Scores;
import io.seqspark.vectorize.Chunks;
import io.seqspark.vectorize.ForecastBatches;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.SeriesScalers;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a forecaster on the test windows, on the executors, next to the naive, seasonal-naive and
 * exponential-smoothing baselines on
 * exactly the same windows and forecast steps, all on the original scale. Only error sums and the one-step-ahead
 * forecasts of one series (for the report's chart) reach the driver. A quantile forecaster (model.quantiles) is
 * scored by its median like a point forecaster, and its quantiles by {@link QuantileSums}.
 */
public final class ForecastEvaluator {
    public static final String NAIVE = "naive";
    public static final String SEASONAL_NAIVE = "seasonal_naive";
    public static final String ETS = "ets";

    /** A series and target the exponential-smoothing baseline could not be fitted on (too short, or gaps). */
    private static final String NOT_FITTED = "not fitted (too few training steps, or a missing value)";

    private ForecastEvaluator() {
    }

    /**
     * @param model     the network's scores (with quantiles and per step where they apply)
     * @param naive     the naive baseline's
     * @param seasonal  the seasonal-naive baseline's, null without a season
     * @param ets       the exponential-smoothing baseline's, with what was fitted (description, models)
     * @param plot      one-step-ahead forecasts of the plotted series, in time order
     * @param members   with an ensemble (training.ensemble), each member's errors in seed order; else empty
     */
    public record Result(Scores.Forecast model, Scores.Forecast naive, Scores.Forecast seasonal, Scores.Forecast ets,
                         List<Point> plot, List<ForecastErrors> members) {

        /** report.json's metrics: the test errors, and with an ensemble each member's. */
        public Metrics metrics() {
            return new Metrics(model, members.size() > 1 ? members : null);
        }

        /** report.json's baselines: each baseline's metrics and what it does. */
        public Map<String, Scores> baselines(int season) {
            Map<String, Scores> b = new LinkedHashMap<>();
            b.put(NAIVE, naive.describedAs("repeats the last observed value"));
            if (seasonal != null) {
                b.put(SEASONAL_NAIVE, seasonal.describedAs("repeats the value one season (" + season
                        + " steps) earlier"));
            }
            b.put(ETS, ets);
            return b;
        }
    }

    /** The series the report plots: the first id in sort order, the same on every run. */
    public static String plottedSeries(JavaRDD<LabeledSequence> series) {
        return series.map(LabeledSequence::id).reduce((a, b) -> a.compareTo(b) <= 0 ? a : b);
    }

    /** The same choice among the series that have test windows (a skipped series has nothing to plot). */
    public static String plottedSeriesOf(JavaRDD<ForecastWindow> test) {
        return test.map(ForecastWindow::series).reduce((a, b) -> a.compareTo(b) <= 0 ? a : b);
    }

    /** What each partition sends back. */
    private record Partial(ErrorSums model, ErrorSums naive, ErrorSums seasonal, ErrorSums ets, List<Point> plot,
                           QuantileSums quantiles, List<ErrorSums> members, StepSums steps) implements Serializable {
    }

    /**
     * The same sums per horizon step (index k = step k + 1), for model, naive, seasonal naive and ets, and the
     * quantile sums per step for a probabilistic model (else null).
     */
    private record StepSums(ErrorSums[][] errors, QuantileSums[] quantiles) implements Serializable {
        static final int MODEL = 0;
        static final int NAIVE = 1;
        static final int SEASONAL = 2;
        static final int ETS = 3;

        static StepSums of(JobConfig.ForecastSpec spec) {
            ErrorSums[][] errors = new ErrorSums[4][spec.horizon()];
            for (ErrorSums[] forecaster : errors) {
                for (int k = 0; k < forecaster.length; k++) {
                    forecaster[k] = new ErrorSums();
                }
            }
            QuantileSums[] quantiles = null;
            if (spec.probabilistic()) {
                quantiles = new QuantileSums[spec.horizon()];
                for (int k = 0; k < quantiles.length; k++) {
                    quantiles[k] = new QuantileSums(spec.quantileLevels());
                }
            }
            return new StepSums(errors, quantiles);
        }

        void merge(StepSums o) {
            for (int f = 0; f < errors.length; f++) {
                for (int k = 0; k < errors[f].length; k++) {
                    errors[f][k].merge(o.errors[f][k]);
                }
            }
            for (int k = 0; quantiles != null && k < quantiles.length; k++) {
                quantiles[k].merge(o.quantiles[k]);
            }
        }

        /** One entry per step: {step, rmse, mae, smape, mase, values} (+ the quantile scores for the model). */
        List<ForecastErrors> report(int forecaster) {
            List<ForecastErrors> out = new ArrayList<>();
            for (int k = 0; k < errors[forecaster].length; k++) {
                ForecastErrors e = errors[forecaster][k].errors().atStep(k + 1);
                out.add(forecaster == MODEL && quantiles != null ? e.withQuantiles(quantiles[k].scores()) : e);
            }
            return out;
        }
    }

    public static Result evaluate(JavaSparkContext jsc, MultiLayerNetwork network, JavaRDD<ForecastWindow> test,
                                  SeriesScalers scalers, JobConfig.ForecastSpec spec, int batchSize,
                                  String plotSeries) {
        return evaluate(jsc, List.of(network), test, scalers, spec, batchSize, plotSeries);
    }

    /** An ensemble: the model's forecast is the mean of the members' (original scale), each member also scored. */
    public static Result evaluate(JavaSparkContext jsc, List<MultiLayerNetwork> networks,
                                  JavaRDD<ForecastWindow> test, SeriesScalers scalers, JobConfig.ForecastSpec spec,
                                  int batchSize, String plotSeries) {
        List<NetworkBroadcast> models = new ArrayList<>();
        for (MultiLayerNetwork n : networks) {
            models.add(NetworkBroadcast.of(jsc, n));
        }
        List<Partial> partials = test.mapPartitions(it -> {
            List<MultiLayerNetwork> nets = new ArrayList<>();
            List<ErrorSums> members = new ArrayList<>();
            for (NetworkBroadcast b : models) {
                nets.add(b.restore());
                members.add(new ErrorSums());
            }
            Partial p = new Partial(new ErrorSums(), new ErrorSums(), new ErrorSums(), new ErrorSums(),
                    new ArrayList<>(), spec.probabilistic() ? new QuantileSums(spec.quantileLevels()) : null,
                    members, StepSums.of(spec));
            Chunks.forEach(it, batchSize, batch -> score(nets, batch, scalers, spec, plotSeries, p));
            return List.of(p).iterator();
        }).collect();
        models.forEach(NetworkBroadcast::destroy);
        List<ErrorSums> members = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            members.add(new ErrorSums());
        }
        ErrorSums m = new ErrorSums();
        ErrorSums n = new ErrorSums();
        ErrorSums s = new ErrorSums();
        ErrorSums e = new ErrorSums();
        QuantileSums q = spec.probabilistic() ? new QuantileSums(spec.quantileLevels()) : null;
        StepSums steps = StepSums.of(spec);
        List<Point> plot = new ArrayList<>();
        for (Partial p : partials) {
            steps.merge(p.steps());
            m.merge(p.model());
            n.merge(p.naive());
            s.merge(p.seasonal());
            e.merge(p.ets());
            if (q != null) {
                q.merge(p.quantiles());
            }
            plot.addAll(p.plot());
            for (int i = 0; i < members.size(); i++) {
                members.get(i).merge(p.members().get(i));
            }
        }
        List<ForecastErrors> memberReports = new ArrayList<>();
        for (int i = 0; i < members.size() && networks.size() > 1; i++) {
            memberReports.add(members.get(i).errors().ofMember(i + 1));
        }
        plot.sort(Comparator.comparingInt(Point::step));
        Scores.Forecast ets = etsModels(Scores.Forecast.of(e.errors()), test, spec);
        Scores.Forecast scores = Scores.Forecast.of(m.errors());
        if (q != null) {
            scores = scores.withQuantiles(q.scores());
        }
        Scores.Forecast naive = Scores.Forecast.of(n.errors());
        Scores.Forecast seasonal = spec.season() > 0 ? Scores.Forecast.of(s.errors()) : null;
        if (spec.horizon() > 1) {
            // Errors grow with the lead time: each step's own figures, for the model and every baseline.
            scores = scores.withPerStep(steps.report(StepSums.MODEL));
            naive = naive.withPerStep(steps.report(StepSums.NAIVE));
            if (seasonal != null) {
                seasonal = seasonal.withPerStep(steps.report(StepSums.SEASONAL));
            }
            ets = ets.withPerStep(steps.report(StepSums.ETS));
        }
        return new Result(scores, naive, seasonal, ets, plot, memberReports);
    }

    /**
     * What the exponential-smoothing baseline fitted, summarised on the executors (one entry per series and
     * target): its description, the number of fits of each form, and how many series fell back to non-seasonal
     * forms and why. With one fit, its AIC and AICc.
     */
    static Scores.Forecast etsModels(Scores.Forecast errors, JavaRDD<ForecastWindow> test,
                                     JobConfig.ForecastSpec spec) {
        JavaRDD<ExponentialSmoothing.Fitted> fits = test.filter(w -> w.etsFits() != null)
                .mapToPair(w -> new Tuple2<>(w.series(), w.etsFits())).reduceByKey((a, b) -> a).values()
                .flatMap(f -> Arrays.asList(f).iterator()).persist(StorageLevel.MEMORY_AND_DISK());
        Map<String, Long> forms = new TreeMap<>(fits.map(f -> f == null ? NOT_FITTED : f.form()).countByValue());
        Map<String, Long> fallback = new TreeMap<>(fits.filter(f -> f != null && f.fallback() != null)
                .map(ExponentialSmoothing.Fitted::fallback).countByValue());
        long total = forms.values().stream().mapToLong(Long::longValue).sum();
        String description;
        Double aic = null;
        Double aicc = null;
        String how = "exponential smoothing (ETS, Hyndman et al. 2008; as R's forecast::ets), the form with the "
                + "lowest AICc fitted on the training period" + (total == 1 ? "" : " of each series")
                + ", then one forecast per window with the parameters fixed";
        if (total == 1 && !forms.containsKey(NOT_FITTED)) {
            ExponentialSmoothing.Fitted f = fits.first();
            description = f.form() + ": " + how + String.format(Locale.ROOT, " (AIC %.1f, AICc %.1f)",
                    f.aic(), f.aicc()) + (f.fallback() == null ? "" : "; " + f.fallback());
            aic = f.aic();
            aicc = f.aicc();
        } else {
            StringBuilder d = new StringBuilder(how).append(":");
            forms.forEach((form, count) -> d.append(" ").append(form).append(" ").append(count).append(","));
            if (total > 0) {
                d.setLength(d.length() - 1);
            }
            d.append(total == 0 ? " no series" : total == 1 ? " fit" : " fits");
            fallback.forEach((why, count) -> d.append("; ").append(count).append(" with ").append(why));
            description = d.toString();
        }
        fits.unpersist();
        return errors.withFits(description, aic, aicc, forms, fallback.isEmpty() ? null : fallback);
    }

    private static void score(List<MultiLayerNetwork> nets, List<ForecastWindow> batch, SeriesScalers scalers,
                              JobConfig.ForecastSpec spec, String plotSeries, Partial p) {
        float[][][] outputs = ForecastBatches.outputs(nets, batch, scalers, spec);
        float[][][][] forecasts = ForecastBatches.forecasts(outputs, batch, scalers, spec);
        for (int i = 0; i < batch.size(); i++) {
            ForecastWindow w = batch.get(i);
            float[][] forecast = ForecastBatches.mean(forecasts, i);
            float[][][] quantiles = p.quantiles() == null ? null
                    : ForecastBatches.meanQuantiles(outputs, i, w, scalers, spec);
            for (int k = 0; k < spec.horizon(); k++) {
                for (int j = 0; j < spec.targets(); j++) {
                    double actual = w.targets()[k][j];
                    double scale = w.maseScale()[j];
                    p.model().add(actual, forecast[k][j], scale);
                    ErrorSums[][] steps = p.steps().errors();
                    steps[StepSums.MODEL][k].add(actual, forecast[k][j], scale);
                    steps[StepSums.NAIVE][k].add(actual, w.naive()[k][j], scale);
                    if (quantiles != null) {
                        p.quantiles().add(actual, quantiles[k][j]);
                        p.steps().quantiles()[k].add(actual, quantiles[k][j]);
                    }
                    for (int m = 0; m < nets.size(); m++) {
                        p.members().get(m).add(actual, forecasts[m][i][k][j], scale);
                    }
                    p.naive().add(actual, w.naive()[k][j], scale);
                    if (w.ets() != null && Float.isFinite(w.ets()[k][j])) {
                        p.ets().add(actual, w.ets()[k][j], scale);
                        steps[StepSums.ETS][k].add(actual, w.ets()[k][j], scale);
                    }
                    if (w.seasonalNaive() != null) {
                        p.seasonal().add(actual, w.seasonalNaive()[k][j], scale);
                        steps[StepSums.SEASONAL][k].add(actual, w.seasonalNaive()[k][j], scale);
                    }
                }
            }
            if (w.series().equals(plotSeries)) {
                p.plot().add(new Point(w.origin(), w.targets()[0][0], forecast[0][0], w.naive()[0][0],
                        w.seasonalNaive() == null ? null : (double) w.seasonalNaive()[0][0],
                        w.ets() == null || !Float.isFinite(w.ets()[0][0]) ? null : (double) w.ets()[0][0],
                        quantiles == null ? null : asList(quantiles[0][0])));
            }
        }
    }

    private static List<Double> asList(float[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add((double) v);
        }
        return out;
    }
}
