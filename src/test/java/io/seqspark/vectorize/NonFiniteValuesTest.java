package io.seqspark.vectorize;

import io.seqspark.config.ConfigChoice;
import io.seqspark.SparkTestSupport;
import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.config.Missing;
import io.seqspark.config.Scaling;
import io.seqspark.sources.Columns;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Infinities and NaN, as doubles or as text, in step rows and flat arrays; and column names that need quoting. */
class NonFiniteValuesTest {
    private static final StructType STEPS = new StructType().add("id", DataTypes.StringType)
            .add("t", DataTypes.IntegerType).add("a.b", DataTypes.DoubleType).add("c d", DataTypes.StringType)
            .add("y", DataTypes.StringType);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static JobConfig.SequenceSpec spec(String missing) {
        return new JobConfig.SequenceSpec("id", "t", List.of("a.b", "c d"), "y", Scaling.NONE, null, 0, 0,
                ConfigChoice.lookup(Missing.class, missing));
    }

    private static org.apache.spark.sql.Dataset<Row> steps() {
        return spark.createDataFrame(List.of(RowFactory.create("s", 0, 1.0, "10", "x"),
                RowFactory.create("s", 1, Double.POSITIVE_INFINITY, "20", "x"),
                RowFactory.create("s", 2, 3.0, "-inf", "x"), RowFactory.create("s", 3, 4.0, "40", "x")), STEPS);
    }

    @Test
    void infinitiesAreMissingValues() {
        UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(steps(), spec("error"), "in"));
        // Column a.b's own count (one infinity), then the rows missing a value in any feature (the other is "-inf").
        assertTrue(e.getMessage().startsWith("column 'a.b' in in: 1 row(s) with missing or non-finite values (empty, "
                + "null, NaN or infinite) (2 row(s) miss a value in some of a.b, c d)"), e.getMessage());
        assertTrue(e.getMessage().contains("a.b = Infinity in row"), e.getMessage());

        LabeledSequence dropped = SequenceAssembler.toSequences(
                SequenceAssembler.assemble(steps(), spec("drop"), "in")).first();
        assertEquals(2, dropped.length());
        assertArrayEquals(new float[]{4, 40}, dropped.steps()[1]);

        LabeledSequence filled = SequenceAssembler.toSequences(
                SequenceAssembler.assemble(steps(), spec("ffill"), "in")).first();
        assertEquals(4, filled.length());
        assertArrayEquals(new float[]{1, 20}, filled.steps()[1], "Infinity replaced by the previous value");
        assertArrayEquals(new float[]{3, 20}, filled.steps()[2], "text -inf replaced by the previous value");
    }

    @Test
    void flatArraysRejectInfinity() {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("y", DataTypes.StringType)
                .add("px", DataTypes.createArrayType(DataTypes.DoubleType));
        JobConfig.SequenceSpec spec = new JobConfig.SequenceSpec("id", null, List.of(), "y", Scaling.NONE, "px", 2, 1,
                Missing.ERROR);
        UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(spark.createDataFrame(List.of(
                RowFactory.create("1", "x", List.of(1.0, 2.0)),
                RowFactory.create("2", "x", List.of(1.0, Double.NEGATIVE_INFINITY))), schema), spec, "in"));
        assertTrue(e.getMessage().contains("1 row(s) without exactly") && e.getMessage().contains("finite"),
                e.getMessage());
    }

    @Test
    void quotedNamesResolveExactly() {
        StructType schema = new StructType().add("a.b", DataTypes.IntegerType).add("x`y", DataTypes.IntegerType)
                .add("온도 c", DataTypes.IntegerType);
        Row r = spark.createDataFrame(List.of(RowFactory.create(1, 2, 3)), schema)
                .select(Columns.col("온도 c"), Columns.col("x`y"), Columns.col("a.b")).first();
        assertEquals(List.of(3, 2, 1), List.of(r.getInt(0), r.getInt(1), r.getInt(2)));
    }
}
