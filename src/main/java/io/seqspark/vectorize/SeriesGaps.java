package io.seqspark.vectorize;

import io.seqspark.UserError;
import io.seqspark.config.Gaps;
import io.seqspark.config.JobConfig;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

/**
 * sequence.gaps: finds steps a regular series skips (a time further from the previous one than the series'
 * frequency) and reports them (error) or inserts the missing steps with empty values (fill).
 *
 * <p>The frequency is sequence.frequency, or each series' most common step. Steps are counted in calendar months
 * when the frequency is in months, or (detected) when every time of the series falls on the same day of month and
 * time of day; otherwise in microseconds: between instants for steps under a day, on the session time zone's wall
 * clock from a day up (a day is 24 hours there); numeric times as numbers.
 */
final class SeriesGaps {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesGaps.class);
    private static final String SERIES = "_seqspark_series";
    private static final String CALENDAR = "_seqspark_calendar";
    private static final String KEY = "_seqspark_key";
    private static final String PREV_KEY = "_seqspark_prev_key";
    private static final String PREV_ORDER = "_seqspark_prev_time";
    private static final String RAW = "_seqspark_raw";
    private static final String PREV_RAW = "_seqspark_prev_raw";
    private static final String DIFF = "_seqspark_diff";
    private static final String STEP = "_seqspark_step";
    private static final String K = "_seqspark_k";
    private static final String INSTANT = "_seqspark_instant";
    private static final String PREV_INSTANT = "_seqspark_prev_instant";
    private static final String INSTANTS = "_seqspark_instants";
    private static final double MICROS_PER_DAY = 86_400_000_000d;

    private SeriesGaps() {
    }

    static Dataset<Row> apply(Dataset<Row> rows, JobConfig.SequenceSpec spec, String source, Column seriesId,
                              String order) {
        String t = spec.timeColumn();
        DataType orderType = rows.schema().apply(order).dataType();
        boolean numeric = orderType instanceof NumericType;
        Frequency given = spec.frequency() == null ? null : Frequency.parse(spec.frequency());
        if (given != null && given.numeric() != numeric) {
            throw new UserError("sequence.frequency = " + spec.frequency() + ": column '" + t + "' in " + source
                    + " holds " + (numeric ? "numbers; expected a number as the step" : "timestamps; expected a "
                    + "duration or period such as 1h, 1d or 1mo"));
        }
        String zone = SparkSession.active().conf().get("spark.sql.session.timeZone");
        WindowSpec whole = Window.partitionBy(col(SERIES));
        WindowSpec byTime = Window.partitionBy(col(SERIES)).orderBy(col(order));
        Dataset<Row> keyed = rows.withColumn(SERIES, seriesId.cast(DataTypes.StringType));
        if (numeric) {
            keyed = keyed.withColumn(CALENDAR, lit(false)).withColumn(KEY, col(order).cast(DataTypes.DoubleType))
                    .withColumn(INSTANT, col(KEY));
        } else {
            Column calendar = given != null ? lit(given.calendar())
                    : size(collect_set(struct(dayofmonth(col(order)), date_format(col(order), "HH:mm:ss.SSSSSS")))
                    .over(whole)).equalTo(1);
            // Wall-clock microseconds of the session zone (a day is always 24 hours), or the month number.
            Column wallMicros = unix_micros(from_utc_timestamp(col(order), zone));
            keyed = keyed.withColumn(CALENDAR, calendar)
                    .withColumn(KEY, when(col(CALENDAR), year(col(order)).multiply(12).plus(month(col(order))))
                            .otherwise(wallMicros).cast(DataTypes.DoubleType))
                    .withColumn(INSTANT, unix_micros(col(order)).cast(DataTypes.DoubleType));
        }
        keyed = keyed.withColumn(PREV_KEY, lag(col(KEY), 1).over(byTime))
                .withColumn(PREV_INSTANT, lag(col(INSTANT), 1).over(byTime))
                .withColumn(PREV_ORDER, lag(col(order), 1).over(byTime))
                .withColumn(RAW, col(t).cast(DataTypes.StringType)) // as Spark renders it, in the session zone
                .withColumn(PREV_RAW, lag(col(RAW), 1).over(byTime))
                .withColumn(DIFF, col(KEY).minus(col(PREV_KEY)));
        Dataset<Row> steps;
        if (given != null) {
            double step = given.numeric() ? given.number() : given.calendar() ? given.months() : given.micros();
            steps = keyed.select(col(SERIES)).distinct().withColumn(STEP, lit(step));
        } else {
            // The most common step of each series (the smallest on a tie).
            Dataset<Row> diffs = keyed.filter(col(DIFF).isNotNull()).groupBy(SERIES, DIFF).count();
            steps = diffs.withColumn("_rank", row_number().over(Window.partitionBy(col(SERIES))
                            .orderBy(col("count").desc(), col(DIFF).asc())))
                    .filter(col("_rank").equalTo(1)).select(col(SERIES), col(DIFF).as(STEP));
        }
        // Below a day, steps are instants apart (an hourly series runs on through a DST change, whose wall clock
        // skips or repeats an hour); from a day up they are wall-clock days, of 23 or 25 hours across a change.
        Column instants = lit(!numeric).and(not(col(CALENDAR))).and(col(STEP).lt(MICROS_PER_DAY));
        keyed = keyed.join(steps, SERIES).withColumn(INSTANTS, instants)
                .withColumn(DIFF, when(col(INSTANTS), col(INSTANT).minus(col(PREV_INSTANT))).otherwise(col(DIFF)));
        // A step may be reached only up to rounding (numbers written in decimal).
        Dataset<Row> gaps = keyed.filter(col(DIFF).gt(col(STEP).multiply(1 + 1e-9)));
        Row totals = gaps.agg(sum(lit(1L)), sum(ceil(col(DIFF).divide(col(STEP)).minus(1e-9)).minus(1))).first();
        long n = totals.isNullAt(0) ? 0 : totals.getLong(0);
        if (n == 0) {
            return rows;
        }
        long missingSteps = totals.getLong(1);
        Row e = gaps.orderBy(col(SERIES), col(order)).first();
        String stepText = describe(e.getAs(STEP), e.<Boolean>getAs(CALENDAR), numeric);
        String where = (spec.idColumn() == null ? "" : spec.idColumn() + " = " + e.getAs(SERIES) + ": ")
                + t + " jumps from " + e.getAs(PREV_RAW) + " to " + e.getAs(RAW);
        // Each series may have its own detected step: the one shown is that of the first gap's series.
        String what = n + " gap(s) (" + missingSteps + " missing step(s)); first: " + where + " (frequency "
                + stepText + (given != null ? ", sequence.frequency)" : ", the series' most common step)");
        if (spec.gapPolicy() == Gaps.ERROR) {
            throw new UserError("column '" + t + "' in " + source + ": " + what + "; expected one row per step. Set "
                    + "sequence.gaps = fill (insert the missing steps; sequence.missing then applies to them) or "
                    + "ignore (window the rows as if consecutive), or sequence.frequency");
        }
        // fill: the missing times, each one step after the previous, with empty values.
        Column kSteps = col(K).multiply(col(STEP));
        Column monthsLater = expr("`" + PREV_ORDER + "` + make_interval(0, CAST(`" + K + "` * `" + STEP
                + "` AS INT))");
        Column newOrder = numeric ? col(PREV_KEY).plus(kSteps).cast(orderType)
                : when(col(CALENDAR), monthsLater)
                .when(col(INSTANTS), micros(PREV_INSTANT))
                .otherwise(to_utc_timestamp(micros(PREV_KEY), zone));
        Dataset<Row> expanded = gaps.withColumn(K, explode(sequence(lit(1),
                ceil(col(DIFF).divide(col(STEP)).minus(1e-9)).minus(1).cast(DataTypes.IntegerType))))
                .withColumn("_new_order", newOrder);
        List<Column> columns = new ArrayList<>();
        DataType timeType = rows.schema().apply(t).dataType();
        for (org.apache.spark.sql.types.StructField f : rows.schema().fields()) {
            Column c;
            if (f.name().equals(order)) {
                c = col("_new_order");
            } else if (f.name().equals(t)) {
                c = timeType instanceof StringType ? col("_new_order").cast(DataTypes.StringType)
                        : col("_new_order").cast(timeType);
            } else if (f.name().equals(spec.idColumn())) {
                c = col(f.name());
            } else {
                c = lit(null).cast(f.dataType());
            }
            columns.add(c.as(f.name()));
        }
        Dataset<Row> inserted = expanded.select(columns.toArray(new Column[0]));
        LOG.info("sequence.gaps = fill: {}: inserting the missing steps of {}", source, what);
        return rows.unionByName(inserted);
    }

    /** The timestamp {@code k} steps after the microseconds in column {@code from}. */
    private static Column micros(String from) {
        return expr("timestamp_micros(CAST(`" + from + "` + `" + K + "` * `" + STEP + "` AS BIGINT))");
    }

    private static String describe(double step, boolean calendar, boolean numeric) {
        if (numeric) {
            return new Frequency(0, 0, step).toString();
        }
        return calendar ? new Frequency((int) step, 0, 0).toString() : new Frequency(0, (long) step, 0).toString();
    }
}
