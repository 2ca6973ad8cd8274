package io.seqspark.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.seqspark.config.JobConfig;
import io.seqspark.models.NetworkBroadcast;
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
     * One-step-ahead forecasts of the first target at one test step.
     *
     * @param quantiles the model's quantile forecasts, one per model.quantiles level; null for point forecasts
     */
    public record Point(int step, double actual, double model, double naive,
                        @JsonProperty("seasonal_naive") Double seasonalNaive, Double ets,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> quantiles)
            implements Serializable {
        public Point(int step, double actual, double model, double naive, Double seasonalNaive, Double ets) {
            this(step, actual, model, naive, seasonalNaive, ets, null);
        }
    }

    /**
     * @param model     errors of the network
     * @param naive     errors of the naive baseline
     * @param seasonal  errors of the seasonal-naive baseline, null without a season
     * @param ets       errors of the exponential-smoothing baseline and what was fitted (description, models)
     * @param plot      one-step-ahead forecasts of {@code plotSeries}, in time order
     * @param quantiles the quantile forecasts' coverage, widths and losses (also in {@code model}), null without
     *                  model.quantiles
     * @param members   with an ensemble (training.ensemble), each member's errors in seed order; else empty
     */
    public record Result(Map<String, Object> model, Map<String, Object> naive, Map<String, Object> seasonal,
                         Map<String, Object> ets, List<Point> plot, Map<String, Object> quantiles,
                         List<Map<String, Object>> members) {
        public Result(Map<String, Object> model, Map<String, Object> naive, Map<String, Object> seasonal,
                      Map<String, Object> ets, List<Point> plot) {
            this(model, naive, seasonal, ets, plot, null, List.of());
        }

        /** report.json's metrics: the test errors, and with an ensemble each member's. */
        public Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test", model);
            if (members.size() > 1) {
                m.put("ensemble_members", members);
            }
            return m;
        }

        /** report.json's baselines: each baseline's metrics and what it does. */
        public Map<String, Object> baselines(int season) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put(NAIVE, describe(naive, "repeats the last observed value"));
            if (seasonal != null) {
                b.put(SEASONAL_NAIVE, describe(seasonal, "repeats the value one season (" + season
                        + " steps) earlier"));
            }
            b.put(ETS, ets);
            return b;
        }

        private static Map<String, Object> describe(Map<String, Object> metrics, String description) {
            Map<String, Object> m = new LinkedHashMap<>(metrics);
            m.put("description", description);
            return m;
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

        /** One entry per step: {step, rmse, mae, smape, mase, values} (+ the quantile report for the model). */
        List<Map<String, Object>> report(int forecaster) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (int k = 0; k < errors[forecaster].length; k++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("step", k + 1);
                m.putAll(errors[forecaster][k].toReport());
                if (forecaster == MODEL && quantiles != null) {
                    m.put("quantiles", quantiles[k].toReport());
                }
                out.add(m);
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
        List<Map<String, Object>> memberReports = new ArrayList<>();
        for (int i = 0; i < members.size() && networks.size() > 1; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("member", i + 1);
            r.putAll(members.get(i).toReport());
            memberReports.add(r);
        }
        plot.sort(Comparator.comparingInt(Point::step));
        Map<String, Object> ets = e.toReport();
        ets.putAll(etsModels(test, spec));
        Map<String, Object> scores = m.toReport();
        Map<String, Object> quantiles = q == null ? null : q.toReport();
        if (quantiles != null) {
            scores.put("weighted_quantile_loss", quantiles.get("weighted_quantile_loss"));
            scores.put("quantiles", quantiles);
        }
        Map<String, Object> naive = n.toReport();
        Map<String, Object> seasonal = spec.season() > 0 ? s.toReport() : null;
        if (spec.horizon() > 1) {
            // Errors grow with the lead time: each step's own figures, for the model and every baseline.
            scores.put("per_step", steps.report(StepSums.MODEL));
            naive.put("per_step", steps.report(StepSums.NAIVE));
            if (seasonal != null) {
                seasonal.put("per_step", steps.report(StepSums.SEASONAL));
            }
            ets.put("per_step", steps.report(StepSums.ETS));
        }
        return new Result(scores, naive, seasonal, ets, plot, quantiles, memberReports);
    }

    /**
     * What the exponential-smoothing baseline fitted, summarised on the executors (one entry per series and
     * target): its description, the number of fits of each form, and how many series fell back to non-seasonal
     * forms and why. With one fit, its AIC and AICc.
     */
    static Map<String, Object> etsModels(JavaRDD<ForecastWindow> test, JobConfig.ForecastSpec spec) {
        JavaRDD<ExponentialSmoothing.Fitted> fits = test.filter(w -> w.etsFits() != null)
                .mapToPair(w -> new Tuple2<>(w.series(), w.etsFits())).reduceByKey((a, b) -> a).values()
                .flatMap(f -> Arrays.asList(f).iterator()).persist(StorageLevel.MEMORY_AND_DISK());
        Map<String, Long> forms = new TreeMap<>(fits.map(f -> f == null ? NOT_FITTED : f.form()).countByValue());
        Map<String, Long> fallback = new TreeMap<>(fits.filter(f -> f != null && f.fallback() != null)
                .map(ExponentialSmoothing.Fitted::fallback).countByValue());
        long total = forms.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        String how = "exponential smoothing (ETS, Hyndman et al. 2008; as R's forecast::ets), the form with the "
                + "lowest AICc fitted on the training period" + (total == 1 ? "" : " of each series")
                + ", then one forecast per window with the parameters fixed";
        if (total == 1 && !forms.containsKey(NOT_FITTED)) {
            ExponentialSmoothing.Fitted f = fits.first();
            m.put("description", f.form() + ": " + how + String.format(Locale.ROOT, " (AIC %.1f, AICc %.1f)",
                    f.aic(), f.aicc()) + (f.fallback() == null ? "" : "; " + f.fallback()));
            m.put("aic", f.aic());
            m.put("aicc", f.aicc());
        } else {
            StringBuilder d = new StringBuilder(how).append(":");
            forms.forEach((form, count) -> d.append(" ").append(form).append(" ").append(count).append(","));
            if (total > 0) {
                d.setLength(d.length() - 1);
            }
            d.append(total == 0 ? " no series" : total == 1 ? " fit" : " fits");
            fallback.forEach((why, count) -> d.append("; ").append(count).append(" with ").append(why));
            m.put("description", d.toString());
        }
        m.put("models", forms);
        if (!fallback.isEmpty()) {
            m.put("non_seasonal", fallback);
        }
        fits.unpersist();
        return m;
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
