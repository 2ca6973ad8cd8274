package io.seqspark.vectorize;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.dayofyear;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.weekofyear;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

/**
 * Known-future, static and calendar covariates of a forecaster (sequence.future-columns, static-columns, calendar).
 *
 * <p><b>Step layout.</b> Every step of an assembled series holds the sequence's feature columns, in the order
 * targets, past covariates (sequence.feature-columns), known-future columns, static columns, followed by two values
 * per calendar feature: sin and cos of its phase (the month's phase is (month - 1) / 12, the day of week's
 * (day - 1) / 7, and so on; see {@link #CALENDAR}), so December sits next to January and Sunday next to Monday, the
 * usual cyclical encoding. A known-future column's value at step t is an ordinary input of step t.
 *
 * <p><b>Lead features.</b> What makes a column known-future is that the forecast steps' values are inputs too:
 * every input step t of a window also carries the known-future columns and the calendar features at steps t + 1 ..
 * t + horizon, horizon blocks appended to the step in that order. The last input step (origin - 1) therefore carries
 * exactly the values at the forecast steps origin .. origin + horizon - 1, and every earlier step the same relation
 * between its own future and what followed, so the network can learn it. Training windows take these values from
 * the series itself (the forecast steps lie inside it); predict takes them from the rows after each series' last
 * target value ({@link #predictSequences}). Lead features are scaled with their column's scaler, fitted on training
 * periods only like every other input ({@link #expand}).
 *
 * <p>Static columns must hold one value per series; with sequence.scaling-scope = series they use the global
 * scaler, since within one series they have no spread to scale by.
 */
public final class Covariates {
    /** sequence.calendar names, each a cyclical feature of the time column (two inputs: sin and cos). */
    public static final List<String> CALENDAR = List.of("month", "day-of-week", "day-of-month", "day-of-year",
            "week-of-year", "hour", "minute");
    private static final String TIME = "_seqspark_future_time";
    private static final String LAST = "_seqspark_last_target_time";

    private Covariates() {
    }

    /** Whether windows carry lead features (known-future columns or calendar features of the forecast steps). */
    public static boolean leads(JobConfig.ForecastSpec f) {
        return !f.futureColumnList().isEmpty() || !f.calendarFeatures().isEmpty();
    }

    /** Values per step of an assembled series: the feature columns and two per calendar feature. */
    public static int stepWidth(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec f) {
        return sequence.features() + 2 * f.calendarFeatures().size();
    }

    /** The network's inputs per step: the step's values, then horizon blocks of lead features. */
    public static int inputWidth(JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec f) {
        int width = stepWidth(sequence, f);
        return width + f.horizon() * leadSources(f, width).length;
    }

    /**
     * The positions in a step of {@code width} values that lead features repeat: the known-future columns, then the
     * calendar values (see the step layout above).
     */
    public static int[] leadSources(JobConfig.ForecastSpec f, int width) {
        int calendar = 2 * f.calendarFeatures().size();
        int future = f.futureColumnList().size();
        int futureStart = width - calendar - f.staticColumnList().size() - future;
        int[] out = new int[future + calendar];
        for (int i = 0; i < future; i++) {
            out[i] = futureStart + i;
        }
        for (int c = 0; c < calendar; c++) {
            out[future + c] = width - calendar + c;
        }
        return out;
    }

    /**
     * The inputs of the window whose first forecast step is {@code origin}: steps origin - lookback .. origin - 1,
     * each followed by the lead features of the horizon steps after it (read from {@code steps}, which must reach
     * origin + horizon - 1 when there are lead features).
     */
    public static float[][] inputs(float[][] steps, int origin, int lookback, JobConfig.ForecastSpec f) {
        int width = steps[0].length;
        int[] leads = leadSources(f, width);
        if (leads.length == 0) {
            return Arrays.copyOfRange(steps, origin - lookback, origin);
        }
        int horizon = f.horizon();
        float[][] out = new float[lookback][width + horizon * leads.length];
        for (int t = 0; t < lookback; t++) {
            int at = origin - lookback + t;
            System.arraycopy(steps[at], 0, out[t], 0, width);
            for (int k = 1; k <= horizon; k++) {
                for (int i = 0; i < leads.length; i++) {
                    out[t][width + (k - 1) * leads.length + i] = steps[at + k][leads[i]];
                }
            }
        }
        return out;
    }

    /**
     * Scalers over the network's whole input: each lead feature gets its column's scaler; with per-series scaling,
     * static columns get the global scaler (constant within a series, they would all be centred to 0).
     */
    public static SeriesScalers expand(SeriesScalers scalers, JobConfig.ForecastSpec f, int width) {
        if (!leads(f) && f.staticColumnList().isEmpty()) {
            return scalers;
        }
        FeatureScaler global = expand(scalers.global(), null, f, width);
        Map<String, FeatureScaler> bySeries = new TreeMap<>();
        scalers.perSeries().forEach((id, s) -> bySeries.put(id, expand(s, scalers.global(), f, width)));
        return new SeriesScalers(global, bySeries, scalers.transform());
    }

    private static FeatureScaler expand(FeatureScaler s, FeatureScaler global, JobConfig.ForecastSpec f, int width) {
        int[] leads = leadSources(f, width);
        int total = width + f.horizon() * leads.length;
        double[] shift = Arrays.copyOf(s.shift(), total);
        double[] scale = Arrays.copyOf(s.scale(), total);
        if (global != null) {
            int statics = f.staticColumnList().size();
            int staticStart = width - 2 * f.calendarFeatures().size() - statics;
            for (int c = staticStart; c < staticStart + statics; c++) {
                shift[c] = global.shift()[c];
                scale[c] = global.scale()[c];
            }
        }
        for (int k = 0; k < f.horizon(); k++) {
            for (int i = 0; i < leads.length; i++) {
                shift[width + k * leads.length + i] = shift[leads[i]];
                scale[width + k * leads.length + i] = scale[leads[i]];
            }
        }
        return new FeatureScaler(s.kind(), shift, scale);
    }

    /**
     * Step rows assembled into series (SequenceAssembler.assemble) with static columns checked and calendar
     * features appended to every step.
     */
    public static Dataset<Row> assemble(Dataset<Row> rows, JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec f,
                                        String source) {
        List<String> present = Arrays.asList(rows.columns());
        for (String key : List.of("sequence.future-columns", "sequence.static-columns")) {
            for (String c : key.contains("future") ? f.futureColumnList() : f.staticColumnList()) {
                if (!present.contains(c)) {
                    throw new UserError(key + ": column '" + c + "' not found in " + source + "; its columns are: "
                            + String.join(", ", present));
                }
            }
        }
        Dataset<Row> assembled = SequenceAssembler.assemble(rows, sequence, source);
        requireStatic(rows, sequence, f, source);
        if (f.calendarFeatures().isEmpty()) {
            return assembled;
        }
        ArrayType steps = (ArrayType) assembled.schema().apply(SequenceAssembler.STEPS).dataType();
        requireTimestamps(((StructType) steps.elementType()).apply("t").dataType(), sequence.timeColumn(), source);
        return assembled.withColumn(SequenceAssembler.STEPS, transform(col(SequenceAssembler.STEPS),
                s -> struct(s.getField("t").as("t"), concat(s.getField("x"), calendar(s.getField("t"), f))
                        .as("x"))));
    }

    private static void requireTimestamps(DataType type, String timeColumn, String source) {
        if (!(type instanceof TimestampType)) {
            throw new UserError("sequence.calendar: column '" + timeColumn + "' in " + source + " holds "
                    + (type.equals(DataTypes.DoubleType) ? "numbers" : type.simpleString()) + "; calendar features "
                    + "need dates or timestamps (such as 2024-01-31 or 2024-01-31 12:00:00); unset sequence.calendar "
                    + "for numbered steps");
        }
    }

    /** The calendar features of a timestamp: sin and cos of each feature's phase, as an array of doubles. */
    static Column calendar(Column t, JobConfig.ForecastSpec f) {
        List<Column> values = new ArrayList<>();
        for (String name : f.calendarFeatures()) {
            Column phase = switch (name) {
                case "month" -> month(t).minus(1).divide(12.0);
                case "day-of-week" -> dayofweek(t).minus(1).divide(7.0);
                case "day-of-month" -> dayofmonth(t).minus(1).divide(dayofmonth(last_day(t)));
                case "day-of-year" -> dayofyear(t).minus(1).divide(dayofyear(make_date(year(t), lit(12), lit(31))));
                case "week-of-year" -> weekofyear(t).minus(1).divide(53.0);
                case "hour" -> hour(t).divide(24.0);
                case "minute" -> minute(t).divide(60.0);
                default -> throw new IllegalArgumentException("unknown calendar feature " + name);
            };
            Column radians = phase.multiply(2 * Math.PI);
            values.add(sin(radians).cast(DataTypes.DoubleType));
            values.add(cos(radians).cast(DataTypes.DoubleType));
        }
        return array(values.toArray(new Column[0]));
    }

    /** A static column whose value varies within a series is an error naming the column and the series. */
    static void requireStatic(Dataset<Row> rows, JobConfig.SequenceSpec sequence, JobConfig.ForecastSpec f,
                              String source) {
        List<String> statics = f.staticColumnList();
        if (statics.isEmpty()) {
            return;
        }
        Column id = sequence.idColumn() == null ? lit(SequenceAssembler.SINGLE_SERIES) : col(sequence.idColumn());
        List<Column> aggs = new ArrayList<>();
        for (String c : statics) {
            aggs.add(countDistinct(col(c).cast(DataTypes.DoubleType)).as(c));
        }
        Dataset<Row> distinct = rows.groupBy(id.cast(DataTypes.StringType).as("_series"))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
        for (String c : statics) {
            List<Row> bad = distinct.filter(col(c).gt(1)).select(col("_series"), col(c)).limit(1).collectAsList();
            if (!bad.isEmpty()) {
                long n = distinct.filter(col(c).gt(1)).count();
                String series = bad.get(0).getString(0);
                Column inSeries = sequence.idColumn() == null ? lit(true)
                        : col(sequence.idColumn()).cast(DataTypes.StringType).equalTo(series);
                List<Row> values = rows.filter(inSeries).select(col(c).cast(DataTypes.DoubleType).as(c)).distinct()
                        .orderBy(col(c)).limit(3).collectAsList();
                throw new UserError("sequence.static-columns: column '" + c + "' in " + source + " has "
                        + bad.get(0).getLong(1) + " different values in series "
                        + (sequence.idColumn() == null ? "(the only series)" : sequence.idColumn() + " = " + series)
                        + " (e.g. " + values.stream().map(r -> String.valueOf(r.get(0))).toList() + ")"
                        + (n > 1 ? " and in " + (n - 1) + " more series" : "") + "; expected one value per series "
                        + "(or list the column in sequence.feature-columns)");
            }
        }
    }

    /**
     * Predict's input as series to forecast. Without lead features: every row's series, as in training. With them,
     * each series' rows after its last target value (all target columns empty) are the forecast steps: the first
     * horizon of them must be there and hold every known-future column; each series then ends with those horizon
     * steps (their targets and other columns NaN), which {@code ForecastScoring} reads the lead features from.
     *
     * @param source the input's name, for messages
     */
    public static JavaRDD<LabeledSequence> predictSequences(Dataset<Row> rows, JobConfig.SequenceSpec sequence,
                                                            JobConfig.ForecastSpec f, String source) {
        if (!leads(f)) {
            return SequenceAssembler.toSequences(assemble(rows, sequence, f, source));
        }
        Column id = sequence.idColumn() == null ? lit(SequenceAssembler.SINGLE_SERIES) : col(sequence.idColumn());
        Dataset<Row> timed = rows.withColumn(TIME, SequenceAssembler.orderableTime(rows, sequence.timeColumn(),
                source));
        Column hasTarget = f.targetColumns().stream().map(c -> not(SequenceAssembler.missing(c)))
                .reduce(Column::or).orElseThrow();
        timed = timed.withColumn(LAST, max(when(hasTarget, col(TIME))).over(Window.partitionBy(id)));
        Dataset<Row> history = timed.filter(col(LAST).isNull().or(col(TIME).leq(col(LAST)))).drop(TIME, LAST);
        Dataset<Row> future = timed.filter(col(TIME).gt(col(LAST)));
        String what = describe(f);
        for (String c : f.futureColumnList()) {
            Dataset<Row> missing = future.filter(SequenceAssembler.missing(c));
            long n = missing.count();
            if (n > 0) {
                throw new UserError("column '" + c + "' in " + source + ": " + n + " forecast-step row(s) (after "
                        + "their series' last target value) without a finite number; the model uses " + what
                        + ", so predict needs " + c + " on every forecast step. Example row: "
                        + missing.drop(TIME, LAST).first().json());
            }
        }
        if (!f.calendarFeatures().isEmpty()) {
            requireTimestamps(timed.schema().apply(TIME).dataType(), sequence.timeColumn(), source);
        }
        List<Column> values = new ArrayList<>();
        for (String c : f.futureColumnList()) {
            values.add(col(c).cast(DataTypes.DoubleType));
        }
        Column leadValues = array(values.toArray(new Column[0]));
        if (!f.calendarFeatures().isEmpty()) {
            leadValues = values.isEmpty() ? calendar(col(TIME), f) : concat(leadValues, calendar(col(TIME), f));
        }
        JavaPairRDD<String, float[][]> ahead = future
                .select(id.cast(DataTypes.StringType).as("id"), struct(col(TIME).as("t"), leadValues.as("v")).as("s"))
                .groupBy("id").agg(collect_list("s").as("steps")).javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getString(0), leadSteps(r.getList(1))));
        int horizon = f.horizon();
        JavaRDD<LabeledSequence> series = SequenceAssembler.toSequences(assemble(history, sequence, f, source));
        JavaRDD<Tuple2<LabeledSequence, float[][]>> joined = series.mapToPair(s -> new Tuple2<>(s.id(), s))
                .leftOuterJoin(ahead).values().map(p -> new Tuple2<>(p._1(), p._2().orElse(new float[0][])));
        JavaRDD<Tuple2<LabeledSequence, float[][]>> short_ = joined.filter(p -> p._2().length < horizon);
        long n = short_.count();
        if (n > 0) {
            Tuple2<LabeledSequence, float[][]> example = short_.first();
            throw new UserError("--input " + source + ": the model uses " + what + ", so predict needs the "
                    + horizon + " forecast step(s) of every series as rows after its last target value (target "
                    + "column(s) " + String.join(", ", f.targetColumns()) + " empty"
                    + (f.futureColumnList().isEmpty() ? "" : ", " + String.join(", ", f.futureColumnList())
                    + " given") + "); " + n + " series lack some, e.g. "
                    + (sequence.idColumn() == null ? "the series" : sequence.idColumn() + " = " + example._1().id())
                    + " has " + example._2().length + " (missing forecast step(s) " + (example._2().length + 1)
                    + ".." + horizon + ")");
        }
        return joined.map(p -> withFuture(p._1(), p._2(), f));
    }

    /** What the model reads ahead, for messages. */
    private static String describe(JobConfig.ForecastSpec f) {
        List<String> parts = new ArrayList<>();
        if (!f.futureColumnList().isEmpty()) {
            parts.add("sequence.future-columns = " + f.futureColumnList());
        }
        if (!f.calendarFeatures().isEmpty()) {
            parts.add("sequence.calendar = " + f.calendarFeatures());
        }
        return String.join(" and ", parts);
    }

    @SuppressWarnings("unchecked")
    private static float[][] leadSteps(List<Row> steps) {
        List<Row> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparing(r -> (Comparable<Object>) r.get(0)));
        float[][] out = new float[sorted.size()][];
        for (int t = 0; t < out.length; t++) {
            List<Double> v = sorted.get(t).getList(1);
            out[t] = new float[v.size()];
            for (int i = 0; i < out[t].length; i++) {
                out[t][i] = v.get(i).floatValue();
            }
        }
        return out;
    }

    /** The series followed by its first horizon forecast steps, each holding only its lead features. */
    static LabeledSequence withFuture(LabeledSequence s, float[][] ahead, JobConfig.ForecastSpec f) {
        int n = s.length();
        if (n == 0) {
            return s;
        }
        int width = s.steps()[0].length;
        int[] leads = leadSources(f, width);
        float[][] steps = Arrays.copyOf(s.steps(), n + f.horizon());
        for (int k = 0; k < f.horizon(); k++) {
            steps[n + k] = new float[width];
            Arrays.fill(steps[n + k], Float.NaN);
            for (int i = 0; i < leads.length; i++) {
                steps[n + k][leads[i]] = ahead[k][i];
            }
        }
        return new LabeledSequence(s.id(), s.label(), steps);
    }
}
