package io.seqspark.vectorize;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
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
        requireTimeOrderable(rows, spec, source);

        Column[] featureValues = features.stream().map(f -> col(f).cast(DataTypes.DoubleType)).toArray(Column[]::new);
        Dataset<Row> sequences = rows
                .select(col(spec.idColumn()).cast(DataTypes.StringType).as(ID),
                        col(spec.labelColumn()).cast(DataTypes.StringType).as(LABEL),
                        struct(col(spec.timeColumn()).as("t"), array(featureValues).as("x")).as("step"))
                .groupBy(ID)
                .agg(first(LABEL).as(LABEL), countDistinct(LABEL).as("labels"), collect_list("step").as(STEPS));
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
        int steps = spec.steps();
        int perStep = spec.featuresPerStep();
        Column values = col(spec.arrayColumn()).cast(DataTypes.createArrayType(DataTypes.DoubleType));
        Column bad = values.isNull().or(size(values).notEqual(steps * perStep))
                .or(exists(values, v -> v.isNull().or(isnan(v))));
        long badRows = rows.filter(bad).count();
        if (badRows > 0) {
            Row example = rows.filter(bad).first();
            throw new UserError("column '" + spec.arrayColumn() + "' in " + source + ": " + badRows + " row(s) "
                    + "without exactly sequence.steps x sequence.features-per-step = " + steps + " x " + perStep
                    + " = " + steps * perStep + " numbers; expected that on every row. Example row: "
                    + abbreviate(example.json()));
        }
        Column reshaped = transform(sequence(lit(0), lit(steps - 1)),
                t -> struct(t.as("t"), slice(values, t.multiply(perStep).plus(1), lit(perStep)).as("x")));
        return rows.select(col(spec.idColumn()).cast(DataTypes.StringType).as(ID),
                col(spec.labelColumn()).cast(DataTypes.StringType).as(LABEL), reshaped.as(STEPS));
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
        check(present, spec.idColumn(), "sequence.id-column", source);
        check(present, spec.timeColumn(), "sequence.time-column", source);
        check(present, spec.labelColumn(), "sequence.label-column", source);
        for (String f : spec.featureColumns()) {
            check(present, f, "sequence.feature-columns", source);
        }
    }

    private static void check(List<String> present, String column, String key, String source) {
        if (!present.contains(column)) {
            throw new UserError(key + ": column '" + column + "' not found in " + source + "; its columns are: "
                    + String.join(", ", present));
        }
    }

    /** Every feature must be a number on every row: reports the first bad column with a count and an example. */
    private static void requireNumeric(Dataset<Row> rows, List<String> features, String source) {
        List<Column> counts = new ArrayList<>();
        for (String f : features) {
            counts.add(sum(when(badNumber(rows, f), 1).otherwise(0)).as(f));
        }
        Row bad = rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0])).first();
        for (int i = 0; i < features.size(); i++) {
            long n = bad.isNullAt(i) ? 0 : bad.getLong(i);
            if (n > 0) {
                String f = features.get(i);
                Row example = rows.filter(badNumber(rows, f)).first();
                throw new UserError("column '" + f + "' in " + source + ": " + n + " row(s) with a missing or "
                        + "non-numeric value; expected a number on every row. Example row: " + example.json());
            }
        }
    }

    private static Column badNumber(Dataset<Row> rows, String f) {
        // A string that does not parse as a number casts to null, so one test covers missing and non-numeric.
        Column asDouble = col(f).cast(DataTypes.DoubleType);
        return asDouble.isNull().or(isnan(asDouble));
    }

    private static void requireTimeOrderable(Dataset<Row> rows, JobConfig.SequenceSpec spec, String source) {
        String t = spec.timeColumn();
        List<Row> missing = rows.filter(col(t).isNull()).limit(1).collectAsList();
        if (!missing.isEmpty()) {
            throw new UserError("column '" + t + "' in " + source + ": missing time value; expected a time or "
                    + "step number on every row. Example row: " + missing.get(0).json());
        }
    }
}
