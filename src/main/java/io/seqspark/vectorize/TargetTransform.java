package io.seqspark.vectorize;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.config.Transform;
import io.seqspark.config.WindowNormalize;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import io.seqspark.sources.Columns;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What happens to a forecasting window's target values before the scaler, and is undone after the network: an
 * optional division by the window's own level ({@code sequence.window.normalize = level}), then a Box-Cox transform
 * ({@code sequence.transform}: log is lambda = 0). Covariates are untouched. Saved with the model inside its
 * {@link SeriesScalers}, so train, evaluate and predict go through the same steps ({@link ForecastBatches}).
 *
 * @param kind       none | log | box-cox
 * @param lambda     per target column, the Box-Cox lambda (0 for log; unused for none)
 * @param normalize  none | level
 * @param levelSteps the level of a window is the mean absolute value of its last levelSteps inputs of the target
 * @param difference sequence.seasonal-difference: the lag (the season) whose difference of transformed values the
 *                   network sees, 0 for none
 */
public record TargetTransform(String kind, double[] lambda, String normalize, int levelSteps, int difference)
        implements Serializable {
    /** The kinds and normalizations are the job file's spellings (saved in preprocessing.json as strings). */
    public static final String NONE = Transform.NONE.key();
    public static final String LOG = Transform.LOG.key();
    public static final String BOX_COX = Transform.BOX_COX.key();
    public static final String LEVEL = WindowNormalize.LEVEL.key();
    /** R's forecast::BoxCox.lambda search interval. */
    static final double LOWER = -1;
    static final double UPPER = 2;

    public static TargetTransform none(int targets) {
        return new TargetTransform(NONE, new double[targets], NONE, 0, 0);
    }

    public boolean transforms() {
        return !NONE.equals(kind);
    }

    public boolean normalizes() {
        return LEVEL.equals(normalize);
    }

    /** A transformed value, from the original value divided by its window's level. */
    public double forward(int target, double x) {
        return transforms() ? boxCox(x, lambda[target]) : x;
    }

    public double inverse(int target, double y) {
        return transforms() ? invBoxCox(y, lambda[target]) : y;
    }

    /**
     * The level a window's target {@code target} is divided by (1 without normalisation): the mean absolute value
     * of its last levelSteps inputs, as GluonTS's MeanScaler (DeepAR, Salinas et al. 2020, scales each window by its
     * mean); 1 when that is 0, so an all-zero window stays as it is.
     */
    public double level(float[][] inputs, int target) {
        if (!normalizes()) {
            return 1;
        }
        int from = Math.max(0, inputs.length - levelSteps);
        double sum = 0;
        for (int t = from; t < inputs.length; t++) {
            sum += Math.abs(inputs[t][target]);
        }
        double level = sum / (inputs.length - from);
        return level > 1e-12 && Double.isFinite(level) ? level : 1;
    }

    /**
     * Box-Cox (1964) as R's forecast::BoxCox: log(x) for lambda = 0, else (x^lambda - 1) / lambda. Callers check
     * that x is positive ({@link #requirePositive}).
     */
    public static double boxCox(double x, double lambda) {
        return lambda == 0 ? Math.log(x) : (Math.signum(x) * Math.pow(Math.abs(x), lambda) - 1) / lambda;
    }

    /**
     * The inverse, as R's forecast::InvBoxCox. Where lambda &lt; 0 and y &gt;= -1/lambda no finite value maps
     * there (R gives NA); the forecast is then a huge but finite value (at most Float.MAX_VALUE, as forecasts are
     * floats) instead of NaN, so one wild output cannot turn every metric into NaN.
     */
    public static double invBoxCox(double y, double lambda) {
        if (lambda == 0) {
            return Math.min(Math.exp(y), Float.MAX_VALUE);
        }
        double base = y * lambda + 1;
        if (lambda < 0 && base < 1e-12) {
            base = 1e-12;
        }
        return Math.min(Math.signum(base) * Math.pow(Math.abs(base), 1 / lambda), Float.MAX_VALUE);
    }

    /**
     * Fits the transform on the training period of every series (never on validation or test steps).
     *
     * <p>box-cox: one lambda per target column by Guerrero's (1993) method exactly as R's
     * {@code forecast::BoxCox.lambda(x, method = "guerrero")}: cut the series into blocks of one season (2 steps
     * without a season), taken from its end; choose lambda in [-1, 2] that minimises the coefficient of variation of
     * sd_i / mean_i^(1 - lambda) over the blocks (Brent's method, commons-math3). With many series, the blocks of all
     * series' training periods are pooled. Without any block (every training period at most two seasons long, where
     * R returns 1), lambda = 1.
     */
    public static TargetTransform fit(String kind, String normalize, JobConfig.ForecastSpec spec,
                                      JavaRDD<LabeledSequence> trainingPeriods) {
        int targets = spec.targets();
        int levelSteps = spec.season() > 0 && spec.season() <= spec.lookback() ? spec.season() : spec.lookback();
        double[] lambda = new double[targets];
        if (BOX_COX.equals(kind)) {
            int period = Math.max(2, spec.season());
            int frequency = Math.max(1, spec.season());
            // Only (mean, sd) per block reach the driver.
            List<Tuple2<Integer, double[]>> blocks = trainingPeriods
                    .filter(s -> s.length() > 2 * frequency)
                    .flatMap(s -> {
                        List<Tuple2<Integer, double[]>> out = new ArrayList<>();
                        for (int j = 0; j < targets; j++) {
                            for (double[] b : blocks(column(s, j, normalize, levelSteps), period)) {
                                out.add(new Tuple2<>(j, b));
                            }
                        }
                        return out.iterator();
                    }).collect();
            for (int j = 0; j < targets; j++) {
                List<double[]> mine = new ArrayList<>();
                for (Tuple2<Integer, double[]> b : blocks) {
                    if (b._1() == j) {
                        mine.add(b._2());
                    }
                }
                lambda[j] = mine.isEmpty() ? 1 : guerrero(mine);
            }
        }
        return new TargetTransform(kind, lambda, normalize, levelSteps, spec.seasonalDifference() ? spec.season() : 0);
    }

    /**
     * The values lambda is fitted on: the target column, or with level normalisation each step divided by the
     * level of the window that ends just before it (the ratios the network sees as targets).
     */
    private static double[] column(LabeledSequence s, int j, String normalize, int levelSteps) {
        float[][] steps = s.steps();
        if (!LEVEL.equals(normalize)) {
            double[] x = new double[steps.length];
            for (int t = 0; t < x.length; t++) {
                x[t] = steps[t][j];
            }
            return x;
        }
        TargetTransform leveller = new TargetTransform(NONE, null, LEVEL, levelSteps, 0);
        double[] x = new double[Math.max(0, steps.length - levelSteps)];
        for (int t = levelSteps; t < steps.length; t++) {
            x[t - levelSteps] = steps[t][j] / leveller.level(Arrays.copyOfRange(steps, t - levelSteps, t), j);
        }
        return x;
    }

    /** R's guer.cv blocks: the last floor(n / period) * period values in columns of period, each's mean and sd. */
    static List<double[]> blocks(double[] x, int period) {
        int blocks = x.length / period;
        int first = x.length - blocks * period;
        List<double[]> out = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            double[] block = Arrays.copyOfRange(x, first + b * period, first + (b + 1) * period);
            out.add(new double[]{new Mean().evaluate(block), new StandardDeviation(true).evaluate(block)});
        }
        return out;
    }

    /** Guerrero's lambda for blocks of {mean, sd}. */
    static double guerrero(List<double[]> blocks) {
        UnivariateFunction cv = lam -> {
            double[] ratio = new double[blocks.size()];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = blocks.get(i)[1] / Math.pow(blocks.get(i)[0], 1 - lam);
            }
            return new StandardDeviation(true).evaluate(ratio) / new Mean().evaluate(ratio);
        };
        return new BrentOptimizer(1e-10, 1e-12).optimize(new MaxEval(10_000), new UnivariateObjectiveFunction(cv),
                GoalType.MINIMIZE, new SearchInterval(LOWER, UPPER)).getPoint();
    }

    /**
     * log and box-cox need strictly positive targets: a UserError naming the file, the column, how many rows are at
     * or below 0 and the first of them in input order (its value and row), checked on the raw input rows.
     *
     * @param kind the transform (none: nothing to check)
     */
    public static void requirePositive(Dataset<Row> rows, List<String> targets, String kind, String source) {
        if (kind == null || NONE.equals(kind)) {
            return;
        }
        Dataset<Row> numbered = rows.withColumn(ROW_NUMBER, functions.monotonically_increasing_id());
        for (String target : targets) {
            Column bad = Columns.col(target).cast(DataTypes.DoubleType).leq(0);
            Dataset<Row> offending = numbered.filter(bad);
            List<Row> first = offending.orderBy(ROW_NUMBER).drop(ROW_NUMBER).limit(1).collectAsList();
            if (!first.isEmpty()) {
                Row example = first.get(0);
                long n = offending.count();
                throw new UserError("column '" + target + "' in " + source + ": " + n + " row(s) at or below 0, "
                        + "but sequence.transform = " + kind + " needs target values above 0 (use "
                        + "sequence.transform = none, or shift the column with data.columns). First: " + target
                        + " = " + example.getAs(target) + " in row " + example.json());
            }
        }
    }

    private static final String ROW_NUMBER = "__seqspark_row";
}
