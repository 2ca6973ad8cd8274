package io.seqspark.vectorize;

import io.seqspark.SparkTestSupport;
import io.seqspark.UserError;
import io.seqspark.config.ConfigChoice;
import io.seqspark.config.JobConfig;
import io.seqspark.config.Missing;
import io.seqspark.config.Scaling;
import io.seqspark.report.DataCounts;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assembling rows into sequences, splitting and scaling, on a real local Spark. */
class SequencePreparationTest {
    private static final JobConfig.SequenceSpec SPEC = new JobConfig.SequenceSpec("id", "t", List.of("a", "b"),
            "y", Scaling.STANDARD, null, 0, 0, Missing.ERROR);
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType)
            .add("t", DataTypes.IntegerType).add("a", DataTypes.DoubleType).add("b", DataTypes.StringType)
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

    private static Dataset<Row> rows(Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] r : rows) {
            list.add(RowFactory.create(r));
        }
        return spark.createDataFrame(list, SCHEMA);
    }

    @Test
    void groupsRowsIntoTimeOrderedSequences() {
        // Rows arrive out of order; the numeric string column b is accepted.
        Dataset<Row> df = rows(new Object[]{"s1", 2, 3.0, "30", "up"}, new Object[]{"s1", 0, 1.0, "10", "up"},
                new Object[]{"s1", 1, 2.0, "20", "up"}, new Object[]{"s2", 0, 9.0, "90", "down"});
        List<LabeledSequence> seqs = SequenceAssembler.toSequences(SequenceAssembler.assemble(df, SPEC, "test rows"))
                .collect();
        Map<String, LabeledSequence> byId = seqs.stream().collect(Collectors.toMap(LabeledSequence::id, s -> s));
        assertEquals(2, byId.size());
        LabeledSequence s1 = byId.get("s1");
        assertEquals("up", s1.label());
        assertArrayEquals(new float[]{1, 10}, s1.steps()[0]);
        assertArrayEquals(new float[]{2, 20}, s1.steps()[1]);
        assertArrayEquals(new float[]{3, 30}, s1.steps()[2]);
        assertEquals(1, byId.get("s2").length());
    }

    @Test
    void missingColumnIsNamedWithTheColumnsThatExist() {
        JobConfig.SequenceSpec spec = new JobConfig.SequenceSpec("id", "t", List.of("a", "c"), "y", Scaling.NONE, null, 0, 0, Missing.ERROR);
        UserError e = assertThrows(UserError.class,
                () -> SequenceAssembler.assemble(rows(new Object[]{"s1", 0, 1.0, "1", "x"}), spec, "in.csv"));
        assertEquals("sequence.feature-columns: column 'c' not found in in.csv; its columns are: id, t, a, b, y",
                e.getMessage());
    }

    @Test
    void nonNumericValueIsReportedWithCountAndExample() {
        Dataset<Row> df = rows(new Object[]{"s1", 0, 1.0, "1", "x"}, new Object[]{"s1", 1, 1.0, "oops", "x"},
                new Object[]{"s2", 0, 1.0, null, "x"});
        UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(df, SPEC, "in.csv"));
        assertTrue(e.getMessage().startsWith("column 'b' in in.csv: 1 row(s) with a non-numeric value"),
                e.getMessage());
        assertTrue(e.getMessage().contains("\"b\":\"oops\""), e.getMessage());
    }

    private static JobConfig.SequenceSpec withMissing(String policy) {
        return new JobConfig.SequenceSpec("id", "t", List.of("a", "b"), "y", Scaling.STANDARD, null, 0, 0,
                ConfigChoice.lookup(Missing.class, policy));
    }

    private static Dataset<Row> withGaps() {
        return rows(new Object[]{"s1", 0, 1.0, null, "x"}, new Object[]{"s1", 1, 2.0, "20", "x"},
                new Object[]{"s1", 2, Double.NaN, "30", "x"}, new Object[]{"s1", 3, 4.0, "40", "x"});
    }

    @Test
    void aSequenceTheMissingPolicyEmptiesIsCounted() {
        Dataset<Row> df = rows(new Object[]{"s1", 0, 1.0, "1", "x"}, new Object[]{"s2", 0, Double.NaN, "2", "x"},
                new Object[]{"s2", 1, Double.NaN, null, "x"}, new Object[]{"s3", 0, 3.0, "3", "y"});
        for (String policy : List.of("drop", "ffill")) {
            Dataset<Row> assembled = SequenceAssembler.assemble(df, withMissing(policy), "in.csv");
            assertEquals(2, assembled.count(), policy);
            DataCounts.Skipped lost = SequenceAssembler.sequencesLost(df, assembled, withMissing(policy));
            assertEquals(1L, lost.count(), policy);
            assertEquals(List.of("s2"), lost.examples(), policy);
        }
        assertEquals(0L, SequenceAssembler.sequencesLost(withGaps(), withGaps(), withMissing("error")).count());
    }

    @Test
    void missingValuesAreAnErrorByDefault() {
        UserError e = assertThrows(UserError.class,
                () -> SequenceAssembler.assemble(withGaps(), withMissing("error"), "in.csv"));
        // The count is of column a's missing values only (one); the other row misses b.
        assertTrue(e.getMessage().startsWith("column 'a' in in.csv: 1 row(s) with missing or non-finite values (empty, "
                + "null, NaN or infinite) (2 row(s) miss a value in some of a, b)"), e.getMessage());
        assertTrue(e.getMessage().contains("\"a\":\"NaN\""), e.getMessage());
        assertTrue(e.getMessage().contains("sequence.missing = drop or ffill"), e.getMessage());
    }

    @Test
    void missingValuesCanBeDroppedOrFilledForward() {
        LabeledSequence dropped = SequenceAssembler.toSequences(
                SequenceAssembler.assemble(withGaps(), withMissing("drop"), "in.csv")).first();
        assertEquals(2, dropped.length());
        assertArrayEquals(new float[]{2, 20}, dropped.steps()[0]);
        assertArrayEquals(new float[]{4, 40}, dropped.steps()[1]);

        LabeledSequence filled = SequenceAssembler.toSequences(
                SequenceAssembler.assemble(withGaps(), withMissing("ffill"), "in.csv")).first();
        assertEquals(3, filled.length(), "the first row has no earlier value to carry and is dropped");
        assertArrayEquals(new float[]{2, 20}, filled.steps()[0]);
        assertArrayEquals(new float[]{2, 30}, filled.steps()[1], "NaN in a replaced by the previous value");
        assertArrayEquals(new float[]{4, 40}, filled.steps()[2]);
    }

    @Test
    void duplicateTimestampsAreRejected() {
        Dataset<Row> df = rows(new Object[]{"s1", 0, 1.0, "1", "x"}, new Object[]{"s1", 1, 1.0, "2", "x"},
                new Object[]{"s1", 1, 5.0, "3", "x"});
        UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(df, SPEC, "in.csv"));
        assertTrue(e.getMessage().contains("1 (id, time) pair(s) occur more than once"), e.getMessage());
        assertTrue(e.getMessage().contains("id = s1, t = 1 (2 rows)"), e.getMessage());
    }

    @Test
    void timestampColumnsAreQuotedInTheSessionZoneNotTheJvms() {
        // A Parquet-style timestamp column: messages render it as Spark does (session zone UTC here), whatever the
        // JVM's default zone.
        StructType schema = new StructType().add("id", DataTypes.StringType).add("t", DataTypes.TimestampType)
                .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("y", DataTypes.StringType);
        java.sql.Timestamp noon = java.sql.Timestamp.from(java.time.Instant.parse("2015-03-29T12:00:00Z"));
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("s1", noon, 1.0, 0.0, "x"),
                RowFactory.create("s1", noon, 2.0, 0.0, "x")), schema);
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        String savedSession = spark.conf().get("spark.sql.session.timeZone");
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
            spark.conf().set("spark.sql.session.timeZone", "UTC");
            UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(df, SPEC, "in.parquet"));
            assertTrue(e.getMessage().contains("id = s1, t = 2015-03-29 12:00:00 (2 rows)"), e.getMessage());
        } finally {
            java.util.TimeZone.setDefault(saved);
            spark.conf().set("spark.sql.session.timeZone", savedSession);
        }
    }

    private static final StructType TEXT_TIME = new StructType().add("id", DataTypes.StringType)
            .add("t", DataTypes.StringType).add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
            .add("y", DataTypes.StringType);

    @Test
    void textTimesAreParsedAndOrderChronologically() {
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("s1", "1949-02", 2.0, 0.0, "x"),
                RowFactory.create("s1", "1948-12", 1.0, 0.0, "x"), RowFactory.create("s1", "1949-10", 3.0, 0.0, "x")),
                TEXT_TIME);
        LabeledSequence s = SequenceAssembler.toSequences(SequenceAssembler.assemble(df, SPEC, "in.csv")).first();
        assertEquals(1.0f, s.steps()[0][0]);
        assertEquals(2.0f, s.steps()[1][0]);
        assertEquals(3.0f, s.steps()[2][0]);
    }

    @Test
    void unparseableTimeIsNamed() {
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("s1", "1949-02", 2.0, 0.0, "x"),
                RowFactory.create("s1", "last tuesday", 1.0, 0.0, "x")), TEXT_TIME);
        UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(df, SPEC, "in.csv"));
        assertTrue(e.getMessage().startsWith("column 't' in in.csv: 1 time value(s) that do not parse"),
                e.getMessage());
        assertTrue(e.getMessage().contains("last tuesday"), e.getMessage());
    }

    @Test
    void conflictingLabelsInOneSequenceAreRejected() {
        Dataset<Row> df = rows(new Object[]{"s1", 0, 1.0, "1", "x"}, new Object[]{"s1", 1, 1.0, "2", "z"});
        UserError e = assertThrows(UserError.class, () -> SequenceAssembler.assemble(df, SPEC, "in.csv"));
        assertTrue(e.getMessage().contains("sequence id = s1 has more than one label"), e.getMessage());
    }

    @Test
    void splitIsStratifiedExactAndRepeatable() {
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            list.add(RowFactory.create("s" + i, 0, (double) i, "1", i < 200 ? "big" : "small"));
        }
        Dataset<Row> seqs = SequenceAssembler.assemble(spark.createDataFrame(list, SCHEMA), SPEC, "rows");
        Dataset<Row> split = Splitter.assign(seqs, 0.2, 0.1, 42);
        Map<String, Long> counts = split.groupBy("label", Splitter.SPLIT).count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0) + "/" + r.getString(1), r -> r.getLong(2)));
        assertEquals(40L, counts.get("big/test"));
        assertEquals(20L, counts.get("big/validation"));
        assertEquals(140L, counts.get("big/train"));
        assertEquals(20L, counts.get("small/test"));
        assertEquals(10L, counts.get("small/validation"));
        assertEquals(70L, counts.get("small/train"));
        List<String> testIds = ids(Splitter.part(split, Splitter.TEST));
        assertEquals(testIds, ids(Splitter.part(Splitter.assign(seqs.repartition(7), 0.2, 0.1, 42), Splitter.TEST)),
                "same seed, same split, whatever the partitioning");
        assertTrue(!testIds.equals(ids(Splitter.part(Splitter.assign(seqs, 0.2, 0.1, 43), Splitter.TEST))),
                "another seed gives another split");
    }

    @Test
    void splitFollowsTheHashRankWithinEveryLabel() {
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            // 'tiny' has 2 sequences: round(2 * 0.2) = 0 test, round(2 * 0.1) = 0 validation.
            String label = i < 150 ? "a" : i < 258 ? "b" : "tiny";
            list.add(RowFactory.create("s" + i, 0, (double) i, "1", label));
        }
        Dataset<Row> seqs = SequenceAssembler.assemble(spark.createDataFrame(list, SCHEMA), SPEC, "rows");
        Map<String, String> actual = Splitter.assign(seqs, 0.2, 0.1, 7).select(SequenceAssembler.ID, Splitter.SPLIT)
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
        // The definition: within a label, order by (xxhash64(id, seed), id); the first round(n * test) are test,
        // the next round(n * validation) validation.
        List<Row> ranked = seqs.select(org.apache.spark.sql.functions.col(SequenceAssembler.ID),
                        org.apache.spark.sql.functions.col(SequenceAssembler.LABEL),
                        org.apache.spark.sql.functions.xxhash64(org.apache.spark.sql.functions.col(
                                SequenceAssembler.ID), org.apache.spark.sql.functions.lit(7L)).as("h"))
                .collectAsList();
        Map<String, List<Row>> byLabel = ranked.stream().collect(Collectors.groupingBy(r -> r.getString(1)));
        int checked = 0;
        for (List<Row> rows : byLabel.values()) {
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort(java.util.Comparator.<Row>comparingLong(r -> r.getLong(2)).thenComparing(r -> r.getString(0)));
            long nTest = Math.round(sorted.size() * 0.2);
            long nValidation = Math.round(sorted.size() * 0.1);
            for (int k = 0; k < sorted.size(); k++) {
                String expected = k < nTest ? Splitter.TEST : k < nTest + nValidation ? Splitter.VALIDATION
                        : Splitter.TRAIN;
                assertEquals(expected, actual.get(sorted.get(k).getString(0)), "rank " + (k + 1) + " of "
                        + sorted.get(k).getString(1));
                checked++;
            }
        }
        assertEquals(260, checked);
        assertEquals(Splitter.TRAIN, actual.get("s258"), "a class too small for a test share trains");
    }

    private static List<String> ids(Dataset<Row> part) {
        return part.select(SequenceAssembler.ID).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }

    @Test
    void scalerIsFittedOnTheGivenSplitOnly() {
        JavaRDD<LabeledSequence> train = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(List.of(
                new LabeledSequence("a", "x", new float[][]{{1, 10}, {3, 10}}),
                new LabeledSequence("b", "x", new float[][]{{5, 10}})), 2);
        FeatureScaler standard = FeatureScaler.fit("standard", train, 2);
        assertArrayEquals(new double[]{3, 10}, standard.shift(), 1e-9);
        assertEquals(Math.sqrt(8.0 / 3), standard.scale()[0], 1e-6);
        assertEquals(1.0, standard.scale()[1], "a constant feature is centred, not divided by zero");
        FeatureScaler minmax = FeatureScaler.fit("minmax", train, 2);
        assertArrayEquals(new double[]{1, 10}, minmax.shift(), 1e-9);
        assertEquals(4.0, minmax.scale()[0], 1e-9);
        assertEquals(5.0, minmax.invert(0, minmax.apply(new float[][]{{5, 10}})[0][0]), 1e-6);
    }
}
