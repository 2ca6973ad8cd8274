package io.seqspark.evaluation;

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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a forecaster on the test windows, on the executors, next to the naive and seasonal-naive baselines on
 * exactly the same windows and forecast steps, all on the original scale. Only error sums and the one-step-ahead
 * forecasts of one series (for the report's chart) reach the driver.
 */
public final class ForecastEvaluator {
    public static final String NAIVE = "naive";
    public static final String SEASONAL_NAIVE = "seasonal_naive";

    private ForecastEvaluator() {
    }

    /** One-step-ahead forecasts of the first target at one test step. */
    public record Point(int step, double actual, double model, double naive,
                        @JsonProperty("seasonal_naive") Double seasonalNaive)
            implements Serializable {
    }

    /**
     * @param model     errors of the network
     * @param naive     errors of the naive baseline
     * @param seasonal  errors of the seasonal-naive baseline, null without a season
     * @param plot      one-step-ahead forecasts of {@code plotSeries}, in time order
     */
    public record Result(Map<String, Object> model, Map<String, Object> naive, Map<String, Object> seasonal,
                         List<Point> plot) {
        /** report.json's baselines: each baseline's metrics and what it does. */
        public Map<String, Object> baselines(int season) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put(NAIVE, describe(naive, "repeats the last observed value"));
            if (seasonal != null) {
                b.put(SEASONAL_NAIVE, describe(seasonal, "repeats the value one season (" + season
                        + " steps) earlier"));
            }
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
    private record Partial(ErrorSums model, ErrorSums naive, ErrorSums seasonal, List<Point> plot)
            implements Serializable {
    }

    public static Result evaluate(JavaSparkContext jsc, MultiLayerNetwork network, JavaRDD<ForecastWindow> test,
                                  SeriesScalers scalers, JobConfig.ForecastSpec spec, int batchSize,
                                  String plotSeries) {
        NetworkBroadcast model = NetworkBroadcast.of(jsc, network);
        List<Partial> partials = test.mapPartitions(it -> {
            MultiLayerNetwork net = model.restore();
            Partial p = new Partial(new ErrorSums(), new ErrorSums(), new ErrorSums(), new ArrayList<>());
            Chunks.forEach(it, batchSize, batch -> score(net, batch, scalers, spec, plotSeries, p));
            return List.of(p).iterator();
        }).collect();
        model.destroy();
        ErrorSums m = new ErrorSums();
        ErrorSums n = new ErrorSums();
        ErrorSums s = new ErrorSums();
        List<Point> plot = new ArrayList<>();
        for (Partial p : partials) {
            m.merge(p.model());
            n.merge(p.naive());
            s.merge(p.seasonal());
            plot.addAll(p.plot());
        }
        plot.sort(Comparator.comparingInt(Point::step));
        return new Result(m.toReport(), n.toReport(), spec.season() > 0 ? s.toReport() : null, plot);
    }

    private static void score(MultiLayerNetwork net, List<ForecastWindow> batch, SeriesScalers scalers,
                              JobConfig.ForecastSpec spec, String plotSeries, Partial p) {
        INDArray out = net.output(ForecastBatches.toDataSet(batch, scalers, spec).getFeatures(), false);
        for (int i = 0; i < batch.size(); i++) {
            ForecastWindow w = batch.get(i);
            float[][] forecast = ForecastBatches.invert(out.getRow(i).toFloatVector(), w, scalers, spec);
            for (int k = 0; k < spec.horizon(); k++) {
                for (int j = 0; j < spec.targets(); j++) {
                    double actual = w.targets()[k][j];
                    double scale = w.maseScale()[j];
                    p.model().add(actual, forecast[k][j], scale);
                    p.naive().add(actual, w.naive()[k][j], scale);
                    if (w.seasonalNaive() != null) {
                        p.seasonal().add(actual, w.seasonalNaive()[k][j], scale);
                    }
                }
            }
            if (w.series().equals(plotSeries)) {
                p.plot().add(new Point(w.origin(), w.targets()[0][0], forecast[0][0], w.naive()[0][0],
                        w.seasonalNaive() == null ? null : (double) w.seasonalNaive()[0][0]));
            }
        }
    }
}
