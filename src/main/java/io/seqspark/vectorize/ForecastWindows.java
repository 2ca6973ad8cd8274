package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import io.seqspark.evaluation.ExponentialSmoothing;
import io.seqspark.report.DataCounts;
import org.apache.spark.api.java.JavaRDD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits every series by time and cuts it into forecasting windows, on the executors.
 *
 * <p>A series of n steps is split into a training period [0, trainEnd), a validation period [trainEnd,
 * validationEnd) and a test period [validationEnd, n) holding the last round(n * split.test) steps. A window
 * belongs to the period its forecast steps fall in; a window whose forecast steps straddle two periods is dropped.
 * Its inputs may reach back into earlier periods: they are history a real forecast would have.
 */
public final class ForecastWindows {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ForecastWindows.class);

    private ForecastWindows() {
    }

    /** Period boundaries of a series of {@code length} steps: {trainEnd, validationEnd}. */
    public static int[] bounds(int length, JobConfig.SplitSpec split) {
        int test = (int) Math.round(length * split.test());
        int validation = (int) Math.round(length * split.validation());
        int validationEnd = length - test;
        return new int[]{Math.max(0, validationEnd - validation), validationEnd};
    }

    /** The training period of every series: the only data scalers may be fitted on. */
    public static JavaRDD<LabeledSequence> trainingPeriods(JavaRDD<LabeledSequence> series, JobConfig.SplitSpec split) {
        return series.map(s -> trainingPeriod(s, split)).filter(s -> s.length() > 0);
    }

    static LabeledSequence trainingPeriod(LabeledSequence s, JobConfig.SplitSpec split) {
        int trainEnd = bounds(s.length(), split)[0];
        return new LabeledSequence(s.id(), s.label(), Arrays.copyOf(s.steps(), trainEnd));
    }

    /**
     * Series that give no window of {@code part} (any part when null): counted, with the first few ids and why, for
     * the report and a WARN, so no series drops out silently.
     */
    public static DataCounts.Skipped skipped(JavaRDD<LabeledSequence> series, JobConfig.ForecastSpec spec,
                                             JobConfig.SplitSpec split, String part, String source) {
        JavaRDD<LabeledSequence> none = series.filter(s -> of(s, spec, split, false).stream()
                .noneMatch(w -> part == null || w.part().equals(part)));
        long n = none.count();
        if (n == 0) {
            return DataCounts.Skipped.NONE;
        }
        List<String> ids = none.map(LabeledSequence::id).takeOrdered(5);
        int need = spec.lookback() + spec.horizon();
        String reason = "no " + (part == null ? "" : part + " ") + "window: the series is shorter than lookback + "
                + "horizon = " + need + " steps, or its " + (part == null ? "split periods are" : part + " period is")
                + " too short for a window (split.test, split.validation" + (spec.season() > 0 ? ", sequence.season"
                : "") + ")";
        LOG.warn("{} series of {} skipped ({}), e.g. {}", n, source, reason, String.join(", ", ids));
        return new DataCounts.Skipped(n, ids, reason);
    }

    public static JavaRDD<ForecastWindow> windows(JavaRDD<LabeledSequence> series, JobConfig.ForecastSpec spec,
                                                  JobConfig.SplitSpec split) {
        return series.flatMap(s -> of(s, spec, split).iterator());
    }

    /** All windows of one series, training windows first, each period's windows in time order. */
    public static List<ForecastWindow> of(LabeledSequence s, JobConfig.ForecastSpec spec, JobConfig.SplitSpec split) {
        return of(s, spec, split, true);
    }

    /**
     * @param ets whether evaluation windows get the exponential-smoothing baseline (one model fit per target of
     *            the series: left out where only the windows' existence matters)
     */
    static List<ForecastWindow> of(LabeledSequence s, JobConfig.ForecastSpec spec, JobConfig.SplitSpec split,
                                   boolean ets) {
        int[] b = bounds(s.length(), split);
        List<ForecastWindow> out = new ArrayList<>();
        double[] maseScale = maseScale(s.steps(), b[0], spec);
        addWindows(out, s, spec, Splitter.TRAIN, 0, b[0], null);
        int firstEvaluation = out.size();
        addWindows(out, s, spec, Splitter.VALIDATION, b[0], b[1], maseScale);
        addWindows(out, s, spec, Splitter.TEST, b[1], s.length(), maseScale);
        if (ets && out.size() > firstEvaluation) {
            withEts(out.subList(firstEvaluation, out.size()), s, b[0], spec);
        }
        return out;
    }

    /**
     * Adds the exponential-smoothing baseline to a series' evaluation windows (in time order): per target, the
     * model is fitted on the training period only, the same steps the scalers and the MASE scale see, and
     * forecasts each window's steps from the history before its origin with the parameters fixed.
     */
    private static void withEts(List<ForecastWindow> evaluation, LabeledSequence s, int trainEnd,
                                JobConfig.ForecastSpec spec) {
        int[] origins = evaluation.stream().mapToInt(ForecastWindow::origin).toArray();
        ExponentialSmoothing.SeriesForecasts ets = ExponentialSmoothing.perTarget(s.steps(), spec.targets(), trainEnd,
                spec.season(), origins, spec.horizon());
        for (int i = 0; i < origins.length; i++) {
            evaluation.set(i, evaluation.get(i).withEts(ets.forecasts()[i], ets.fits()));
        }
    }

    /** Windows whose forecast steps lie in [from, to); baselines only when {@code maseScale} is given. */
    private static void addWindows(List<ForecastWindow> out, LabeledSequence s, JobConfig.ForecastSpec spec,
                                   String part, int from, int to, double[] maseScale) {
        int lookback = spec.lookback();
        int horizon = spec.horizon();
        int first = Math.max(from, lookback);
        if (maseScale != null && spec.season() > 0) {
            // The seasonal-naive forecast needs one full season of history before the first forecast step.
            first = Math.max(first, spec.season());
        }
        for (int origin = first; origin + horizon <= to; origin += spec.stride()) {
            out.add(window(s, spec, part, origin, maseScale));
        }
    }

    /**
     * The window whose first forecast step is {@code origin}, with the naive and seasonal-naive baselines when
     * {@code maseScale} is given. The caller makes sure the series has the history (lookback and, with baselines,
     * sequence.season steps) before the origin and horizon steps from it.
     */
    public static ForecastWindow window(LabeledSequence s, JobConfig.ForecastSpec spec, String part, int origin,
                                        double[] maseScale) {
        int lookback = spec.lookback();
        int horizon = spec.horizon();
        float[][] steps = s.steps();
        int targets = spec.targets();
        // With known-future or calendar covariates each input step also carries their values ahead.
        float[][] inputs = Covariates.inputs(steps, origin, lookback, spec);
        float[][] y = new float[horizon][];
        for (int k = 0; k < horizon; k++) {
            y[k] = Arrays.copyOf(steps[origin + k], targets);
        }
        float[][] naive = null;
        float[][] seasonal = null;
        if (maseScale != null) {
            naive = new float[horizon][];
            for (int k = 0; k < horizon; k++) {
                naive[k] = Arrays.copyOf(steps[origin - 1], targets);
            }
            if (spec.season() > 0) {
                seasonal = new float[horizon][];
                int m = spec.season();
                for (int k = 0; k < horizon; k++) {
                    // Same point of the last observed season: never a step at or after the origin.
                    int back = m * (k / m + 1);
                    seasonal[k] = Arrays.copyOf(steps[origin + k - back], targets);
                }
            }
        }
        return new ForecastWindow(s.id(), part, origin, inputs, y, naive, seasonal, maseScale, null, null);
    }

    /**
     * MASE denominators (Hyndman &amp; Koehler, 2006): per target, the mean absolute error of the seasonal-naive
     * (or, without a season, naive) one-step forecast over the training period. NaN when the period is too short.
     */
    public static double[] maseScale(float[][] steps, int trainEnd, JobConfig.ForecastSpec spec) {
        int m = Math.max(1, spec.season());
        double[] scale = new double[spec.targets()];
        for (int j = 0; j < scale.length; j++) {
            double sum = 0;
            int n = 0;
            for (int t = m; t < trainEnd; t++) {
                sum += Math.abs(steps[t][j] - steps[t - m][j]);
                n++;
            }
            scale[j] = n == 0 ? Double.NaN : sum / n;
        }
        return scale;
    }
}
