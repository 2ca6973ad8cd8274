package io.seqspark.vectorize;

import io.seqspark.UserError;
import io.seqspark.config.Gaps;
import io.seqspark.config.JobConfig;
import io.seqspark.config.Missing;
import io.seqspark.report.DataCounts;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static io.seqspark.sources.Columns.col;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

/**
 * Turns step rows (id, time, features..., label) into one row per sequence, validating the input first.
 * Grouping and ordering run as Spark jobs on the executors; the driver only sees counts and one example row
 * per problem.
 */
public final class SequenceAssembler {
    /** Columns of the assembled DataFrame: id (string), label (string), steps (array of (time, features)). */
    public static final String ID = "id";
    public static final String LABEL = "label";
    public static final String STEPS = "steps";
    /** The parsed, orderable time of a step row. */
    private static final String ORDER = "_seqspark_time";
    /** The id of the only series when no id-column is configured. */
    public static final String SINGLE_SERIES = "series";
    private static final Logger LOG = LoggerFactory.getLogger(SequenceAssembler.class);

    private SequenceAssembler() {
    }

    /** @param source what the rows came from (a path or "generated data"), for error messages */
    public static Dataset<Row> assemble(Dataset<Row> rows, JobConfig.SequenceSpec spec, String source) {
        if (spec.flatArrays()) {
            return fromArrays(rows, spec, source);
        }
        requireColumns(rows, spec, source);
        List<String> features = spec.featureColumns();
        requireNumeric(rows, features, source);
        requireFiniteLabel(rows, spec.labelColumn(), source);
        // The parsed time goes into its own column, so example rows in messages show the user's values.
        rows = rows.withColumn(ORDER, orderableTime(rows, spec.timeColumn(), source));
        requireUniqueSteps(rows, spec, source);
        if (spec.gapPolicy() != Gaps.IGNORE) {
            rows = SeriesGaps.apply(rows, spec, source, seriesId(spec), ORDER);
        }
        rows = applyMissingPolicy(rows, spec, source);

        Column[] featureValues = features.stream().map(f -> col(f).cast(DataTypes.DoubleType)).toArray(Column[]::new);
        Column label = spec.labelColumn() == null ? lit(null) : col(spec.labelColumn());
        Dataset<Row> sequences = rows
                .select(seriesId(spec).cast(DataTypes.StringType).as(ID),
                        label.cast(DataTypes.StringType).as(LABEL),
                        struct(col(ORDER).as("t"), array(featureValues).as("x")).as("step"))
                .groupBy(ID)
                .agg(first(LABEL).as(LABEL), countDistinct(LABEL).as("labels"), collect_list("step").as(STEPS));
        if (spec.labelColumn() == null) {
            return sequences.drop("labels");
        }
        Row conflict = sequences.filter(col("labels").gt(1)).select(ID).limit(1).collectAsList().stream()
                .findFirst().orElse(null);
        if (conflict != null) {
            throw new UserError("column '" + spec.labelColumn() + "' in " + source + ": sequence "
                    + spec.idColumn() + " = " + conflict.getString(0)
                    + " has more than one label; expected the same label on every row of a sequence");
        }
        return sequences.drop("labels");
    }

    /**
     * One row per sequence with a flat array of steps x features-per-step values: reshaped (in Spark SQL, on the
     * executors) into the same (id, label, steps) form as step rows.
     */
    private static Dataset<Row> fromArrays(Dataset<Row> rows, JobConfig.SequenceSpec spec, String source) {
        List<String> present = Arrays.asList(rows.columns());
        check(present, spec.idColumn(), "sequence.id-column", source);
        check(present, spec.labelColumn(), "sequence.label-column", source);
        check(present, spec.arrayColumn(), "sequence.array-column", source);
        requireFiniteLabel(rows, spec.labelColumn(), source);
        int steps = spec.steps();
        int perStep = spec.featuresPerStep();
        Column values = col(spec.arrayColumn()).cast(DataTypes.createArrayType(DataTypes.DoubleType));
        Column bad = values.isNull().or(size(values).notEqual(steps * perStep))
                .or(exists(values, v -> v.isNull().or(isnan(v)).or(infinite(v))));
        long badRows = rows.filter(bad).count();
        if (badRows > 0) {
            Row example = rows.filter(bad).first();
            throw new UserError("column '" + spec.arrayColumn() + "' in " + source + ": " + badRows + " row(s) "
                    + "without exactly sequence.steps x sequence.features-per-step = " + steps + " x " + perStep
                    + " = " + steps * perStep + " finite numbers (no null, NaN or infinity); expected that on every "
                    + "row. Example row: "
                    + abbreviate(example.json()));
        }
        Column reshaped = transform(sequence(lit(0), lit(steps - 1)),
                t -> struct(t.as("t"), slice(values, t.multiply(perStep).plus(1), lit(perStep)).as("x")));
        return rows.select(col(spec.idColumn()).cast(DataTypes.StringType).as(ID),
                col(spec.labelColumn()).cast(DataTypes.StringType).as(LABEL), reshaped.as(STEPS));
    }

    /** The id column, or one constant id when the data is a single series (forecasting without id-column). */
    private static Column seriesId(JobConfig.SequenceSpec spec) {
        return spec.idColumn() == null ? lit(SINGLE_SERIES) : col(spec.idColumn());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** Orders each sequence's steps by time and converts them to float arrays (on the executors). */
    @SuppressWarnings("unchecked")
    public static JavaRDD<LabeledSequence> toSequences(Dataset<Row> assembled) {
        return assembled.select(ID, LABEL, STEPS).javaRDD().map(row -> {
            List<Row> steps = new ArrayList<>(row.getList(2));
            steps.sort(Comparator.comparing(r -> (Comparable<Object>) r.get(0)));
            float[][] x = new float[steps.size()][];
            for (int t = 0; t < x.length; t++) {
                List<Double> values = steps.get(t).getList(1);
                x[t] = new float[values.size()];
                for (int f = 0; f < x[t].length; f++) {
                    x[t][f] = values.get(f).floatValue();
                }
            }
            return new LabeledSequence(row.getString(0), row.isNullAt(1) ? null : row.getString(1), x);
        });
    }

    private static void requireColumns(Dataset<Row> rows, JobConfig.SequenceSpec spec, String source) {
        List<String> present = Arrays.asList(rows.columns());
        if (spec.idColumn() != null) {
            check(present, spec.idColumn(), "sequence.id-column", source);
        }
        check(present, spec.timeColumn(), "sequence.time-column", source);
        if (spec.labelColumn() != null) {
            check(present, spec.labelColumn(), "sequence.label-column", source);
        }
        for (String f : spec.featureColumns()) {
            // Forecasting specs list the targets and covariates together (no label column).
            check(present, f, spec.labelColumn() == null ? "sequence.target-columns / feature-columns"
                    : "sequence.feature-columns", source);
        }
    }

    private static void check(List<String> present, String column, String key, String source) {
        if (!present.contains(column)) {
            throw new UserError(key + ": column '" + column + "' not found in " + source + "; its columns are: "
                    + String.join(", ", present));
        }
    }

    /**
     * A value that is present but not a number (a string such as "n/a") is always an error: it means the column
     * is not what the user thinks. Missing values (null, NaN, infinity) are left to {@code sequence.missing}.
     */
    private static void requireNumeric(Dataset<Row> rows, List<String> features, String source) {
        List<Column> counts = new ArrayList<>();
        for (String f : features) {
            counts.add(sum(when(notANumber(f), 1).otherwise(0)).as(f));
        }
        Row bad = rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0])).first();
        for (int i = 0; i < features.size(); i++) {
            long n = bad.isNullAt(i) ? 0 : bad.getLong(i);
            if (n > 0) {
                String f = features.get(i);
                Row example = rows.filter(notANumber(f)).first();
                throw new UserError("column '" + f + "' in " + source + ": " + n + " row(s) with a non-numeric "
                        + "value; expected a number. Example row: " + example.json());
            }
        }
    }

    private static Column notANumber(String f) {
        // A string that does not parse as a number casts to null.
        return col(f).isNotNull().and(col(f).cast(DataTypes.DoubleType).isNull());
    }

    /** Null, NaN or infinite: a value sequence.missing handles. */
    public static Column missing(String f) {
        Column asDouble = col(f).cast(DataTypes.DoubleType);
        // Infinity (a double in Parquet/JSON, or text such as "Infinity" or "inf", which Spark reads as a double)
        // is no usable value either: it follows sequence.missing like NaN, instead of training on NaN losses.
        return asDouble.isNull().or(isnan(asDouble)).or(infinite(asDouble));
    }

    private static Column infinite(Column asDouble) {
        return abs(asDouble).equalTo(lit(Double.POSITIVE_INFINITY));
    }

    /**
     * A label that reads as NaN or infinity (in a numeric label column) is a corrupt value, not a class: an
     * error whatever sequence.missing says (that key is about feature values).
     */
    private static void requireFiniteLabel(Dataset<Row> rows, String label, String source) {
        // Only a numeric column can hold a NaN or infinite label; in a string column "NaN" is a class name.
        if (label == null || !(rows.schema().apply(label).dataType() instanceof org.apache.spark.sql.types.NumericType)) {
            return;
        }
        Column asDouble = col(label).cast(DataTypes.DoubleType);
        Column bad = isnan(asDouble).or(infinite(asDouble));
        List<Row> example = rows.filter(bad).limit(1).collectAsList();
        if (!example.isEmpty()) {
            throw new UserError("column '" + label + "' in " + source + ": " + rows.filter(bad).count()
                    + " row(s) whose label is NaN or infinite; expected a class label on every row. Example: "
                    + label + " = " + example.get(0).getAs(label) + " in row " + abbreviate(example.get(0).json()));
        }
    }

    /**
     * The time column as something that orders steps: numbers and timestamps as they are; strings as numbers when
     * they all are, else parsed as timestamps (Spark's default formats, e.g. 1949-01 or 1981-01-01 12:00).
     */
    public static Column orderableTime(Dataset<Row> rows, String t, String source) {
        Dataset<Row> missingTime = rows.filter(col(t).isNull());
        long absent = missingTime.count();
        if (absent > 0) {
            throw new UserError("column '" + t + "' in " + source + ": " + absent + " row(s) without a time value; "
                    + "expected a time or step number on every row. Example row: " + missingTime.first().json());
        }
        DataType type = rows.schema().apply(t).dataType();
        if (type instanceof DateType) {
            return col(t).cast(DataTypes.TimestampType);
        }
        if (!(type instanceof StringType)) {
            return col(t);
        }
        // Each value is a number or a timestamp; the counts and the example are of the offending values only.
        Column number = col(t).cast(DataTypes.DoubleType);
        Column parsed = to_timestamp(col(t));
        Column neither = number.isNull().and(parsed.isNull());
        Row counts = rows.agg(sum(when(neither, 1).otherwise(0)), sum(when(number.isNotNull(), 1).otherwise(0)),
                count(lit(1))).first();
        long bad = counts.getLong(0);
        long numbers = counts.getLong(1);
        long total = counts.getLong(2);
        if (bad > 0) {
            throw new UserError("column '" + t + "' in " + source + ": " + bad + " time value(s) that do not parse "
                    + "as a number or a timestamp (such as 2024-01-31 or 2024-01-31 12:00:00). Example row: "
                    + rows.filter(neither).first().json());
        }
        if (numbers == total) {
            return number;
        }
        if (numbers > 0) {
            boolean fewerNumbers = numbers <= total - numbers;
            Row example = rows.filter(fewerNumbers ? number.isNotNull() : number.isNull()).first();
            throw new UserError("column '" + t + "' in " + source + ": " + Math.min(numbers, total - numbers)
                    + " time value(s) are " + (fewerNumbers ? "numbers" : "timestamps") + " among "
                    + Math.max(numbers, total - numbers) + " " + (fewerNumbers ? "timestamps" : "numbers")
                    + "; expected one kind. Example row: " + example.json());
        }
        return parsed;
    }

    private static void requireUniqueSteps(Dataset<Row> rows, JobConfig.SequenceSpec spec, String source) {
        Dataset<Row> duplicates = rows.groupBy(seriesId(spec).as("_series"), col(ORDER)).count()
                .filter(col("count").gt(1));
        long n = duplicates.count();
        if (n > 0) {
            Row example = duplicates.first();
            Column sameStep = col(ORDER).equalTo(example.get(1));
            if (spec.idColumn() != null) {
                sameStep = sameStep.and(col(spec.idColumn()).equalTo(example.get(0)));
            }
            Row exampleRow = rows.filter(sameStep).drop(ORDER).first();
            // As Spark renders it (a timestamp column in the session zone), never Timestamp.toString's JVM zone.
            Object time = rows.filter(sameStep).select(col(spec.timeColumn()).cast(DataTypes.StringType)).first()
                    .get(0);
            String columns = spec.idColumn() == null ? "column '" + spec.timeColumn() + "'"
                    : "columns '" + spec.idColumn() + "', '" + spec.timeColumn() + "'";
            String what = spec.idColumn() == null ? "time value(s)" : "(id, time) pair(s)";
            throw new UserError(columns + " in " + source + ": " + n + " " + what + " occur more than once; "
                    + "expected one row per step. Example: "
                    + (spec.idColumn() == null ? "" : spec.idColumn() + " = " + example.get(0) + ", ")
                    + spec.timeColumn() + " = " + time + " (" + example.getLong(2)
                    + " rows), e.g. row " + exampleRow.json());
        }
    }

    /** Sequences whose every row the missing-value policy removed would otherwise vanish without a word. */
    private static void warnLostSequences(Dataset<Row> rows, Dataset<Row> kept, JobConfig.SequenceSpec spec,
                                          String source) {
        Column id = seriesId(spec).cast(DataTypes.StringType).as(ID);
        DataCounts.Skipped lost = lost(rows.select(id), kept.select(id), spec);
        if (lost.count() > 0) {
            LOG.warn("{} sequence(s) of {} left out: {}, e.g. {}", lost.count(), source, lost.reason(),
                    lost.examples());
        }
    }

    /**
     * For the report: the sequences of {@code input} (step rows) that {@code sequence.missing = drop | ffill} left
     * without a row, so not in {@code assembled}: count, and the first ids and the reason when there are any.
     */
    public static DataCounts.Skipped sequencesLost(Dataset<Row> input, Dataset<Row> assembled,
                                                   JobConfig.SequenceSpec spec) {
        if (spec.flatArrays() || spec.missing() == Missing.ERROR) {
            return DataCounts.Skipped.NONE; // errors stop the run instead: nothing is left out
        }
        return lost(input.select(seriesId(spec).cast(DataTypes.StringType).as(ID)), assembled.select(ID), spec);
    }

    private static DataCounts.Skipped lost(Dataset<Row> before, Dataset<Row> after, JobConfig.SequenceSpec spec) {
        Dataset<Row> lost = before.distinct().except(after.distinct());
        long n = lost.count();
        if (n == 0) {
            return DataCounts.Skipped.NONE;
        }
        return new DataCounts.Skipped(n, lost.orderBy(ID).limit(5).collectAsList().stream()
                .map(r -> r.getString(0)).toList(), "sequence.missing = " + spec.missing() + " left no complete row");
    }

    /**
     * sequence.missing: error (default), drop the rows, or carry the last value of the sequence forward. Missing
     * means null, NaN or infinite.
     */
    private static Dataset<Row> applyMissingPolicy(Dataset<Row> rows, JobConfig.SequenceSpec spec, String source) {
        List<String> features = spec.featureColumns();
        Column anyMissing = features.stream().map(SequenceAssembler::missing).reduce(Column::or).orElseThrow();
        Dataset<Row> incomplete = rows.filter(anyMissing);
        long n = incomplete.count();
        if (n == 0) {
            return rows;
        }
        switch (spec.missing()) {
            case DROP -> {
                LOG.info("sequence.missing = drop: dropping {} row(s) with missing values from {}", n, source);
                Dataset<Row> kept = rows.filter(not(anyMissing));
                warnLostSequences(rows, kept, spec, source);
                return kept;
            }
            case FFILL -> {
                WindowSpec upToNow = Window.partitionBy(seriesId(spec)).orderBy(col(ORDER))
                        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
                Dataset<Row> filled = rows;
                for (String f : features) {
                    Column value = when(missing(f), lit(null)).otherwise(col(f).cast(DataTypes.DoubleType));
                    filled = filled.withColumn(f, last(value, true).over(upToNow));
                }
                Dataset<Row> kept = filled.filter(not(anyMissing));
                LOG.info("sequence.missing = ffill: filled {} row(s) with missing values from {} "
                        + "(rows before a sequence's first value are dropped)", n, source);
                warnLostSequences(rows, kept, spec, source);
                return kept;
            }
            default -> {
                String f = features.stream().filter(c -> !incomplete.filter(missing(c)).isEmpty()).findFirst()
                        .orElse(features.get(0));
                Dataset<Row> inColumn = incomplete.filter(missing(f));
                String filled = spec.gapPolicy() == Gaps.FILL
                        ? " (counting the steps inserted by sequence.gaps = fill)" : "";
                long inF = inColumn.count();
                String others = inF < n ? " (" + n + " row(s) miss a value in some of " + String.join(", ", features)
                        + ")" : "";
                Row example = inColumn.drop(ORDER).first();
                throw new UserError("column '" + f + "' in " + source + ": " + inF + " row(s) with missing or "
                        + "non-finite values (empty, null, NaN or infinite)" + filled + others + "; expected a finite "
                        + "number on every row, or set sequence.missing = drop or ffill. Example: " + f + " = "
                        + example.getAs(f) + " in row " + example.json());
            }
        }
    }
}
