package io.seqspark.vectorize;

import io.seqspark.SparkTestSupport;
import io.seqspark.UserError;
import io.seqspark.config.Gaps;
import io.seqspark.config.JobConfig;
import io.seqspark.config.Missing;
import io.seqspark.config.Scaling;
import io.seqspark.config.TestSpecs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known-future lead features, static columns and calendar encodings of forecasting windows. */
class CovariatesTest {
    private static final JobConfig.SplitSpec SPLIT = new JobConfig.SplitSpec(0.2, 0.1, 42, true);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static JobConfig.ForecastSpec spec(int lookback, int horizon, List<String> future, List<String> statics,
                                               List<String> calendar) {
        return TestSpecs.forecast(List.of("y")).window(lookback, horizon, 1).futureColumns(future)
                .staticColumns(statics).calendar(calendar).build();
    }

    /** Steps [y = t, promo = 100 + t, size = 7]: targets, a known-future column, a static column. */
    private static LabeledSequence series(int n) {
        float[][] steps = new float[n][];
        for (int t = 0; t < n; t++) {
            steps[t] = new float[]{t, 100 + t, 7};
        }
        return new LabeledSequence("a", null, steps);
    }

    @Test
    void everyInputStepCarriesTheFutureColumnsOfTheNextHorizonSteps() {
        JobConfig.ForecastSpec f = spec(3, 2, List.of("promo"), List.of("size"), List.of());
        float[][] in = Covariates.inputs(series(10).steps(), 5, 3, f);
        // Steps 2, 3, 4, each followed by promo at t+1 and t+2; the last one carries the forecast steps 5 and 6.
        assertArrayEquals(new float[]{2, 102, 7, 103, 104}, in[0]);
        assertArrayEquals(new float[]{3, 103, 7, 104, 105}, in[1]);
        assertArrayEquals(new float[]{4, 104, 7, 105, 106}, in[2]);
        assertEquals(5, Covariates.inputWidth(new JobConfig.SequenceSpec(null, "t", List.of("y", "promo", "size"),
                null, Scaling.STANDARD, null, 0, 0, Missing.ERROR), f));
    }

    @Test
    void windowsOfEverySplitSeeTheirOwnForecastStepsAhead() {
        JobConfig.ForecastSpec f = spec(4, 3, List.of("promo"), List.of(), List.of());
        LabeledSequence s = new LabeledSequence("a", null, java.util.Arrays.stream(series(60).steps())
                .map(r -> new float[]{r[0], r[1]}).toArray(float[][]::new));
        List<ForecastWindow> windows = ForecastWindows.of(s, f, SPLIT);
        assertTrue(windows.size() > 30);
        for (ForecastWindow w : windows) {
            float[] last = w.inputs()[w.inputs().length - 1];
            assertEquals(2 + 3, last.length);
            for (int k = 0; k < 3; k++) {
                // promo = 100 + t at forecast step origin + k, and the target there is t
                assertEquals(100 + w.origin() + k, last[2 + k], w.part() + " window at " + w.origin());
                assertEquals(w.origin() + k, w.targets()[k][0]);
            }
        }
    }

    @Test
    void leadFeaturesUseTheirColumnsScalerAndStaticColumnsTheGlobalOne() {
        JobConfig.ForecastSpec f = spec(3, 2, List.of("promo"), List.of("size"), List.of());
        FeatureScaler global = new FeatureScaler("standard", new double[]{1, 2, 3}, new double[]{4, 5, 6});
        FeatureScaler own = new FeatureScaler("standard", new double[]{10, 20, 30}, new double[]{40, 50, 1});
        SeriesScalers expanded = Covariates.expand(new SeriesScalers(global, Map.of("a", own)), f, 3);
        assertArrayEquals(new double[]{1, 2, 3, 2, 2}, expanded.global().shift());
        assertArrayEquals(new double[]{4, 5, 6, 5, 5}, expanded.global().scale());
        // The series' own scaler for the target and promo (and promo's leads); the global one for its static size.
        assertArrayEquals(new double[]{10, 20, 3, 20, 20}, expanded.forSeries("a").shift());
        assertArrayEquals(new double[]{40, 50, 6, 50, 50}, expanded.forSeries("a").scale());
    }

    private static final StructType DATED = new StructType().add("id", DataTypes.StringType)
            .add("day", DataTypes.DateType).add("y", DataTypes.DoubleType).add("promo", DataTypes.DoubleType)
            .add("size", DataTypes.DoubleType);

    private static Dataset<Row> dated(List<Row> rows) {
        return spark.createDataFrame(rows, DATED);
    }

    private static JobConfig.SequenceSpec sequence(List<String> columns) {
        return new JobConfig.SequenceSpec("id", "day", columns, null, Scaling.STANDARD, null, 0, 0, Missing.ERROR,
                null, Gaps.IGNORE);
    }

    @Test
    void calendarFeaturesAreSinAndCosOfTheirPhase() {
        // 2024-01-01 was a Monday; 2024-07-01 too (day 183 of a leap year).
        Dataset<Row> rows = dated(List.of(RowFactory.create("a", Date.valueOf("2024-01-01"), 1.0, 0.0, 5.0),
                RowFactory.create("a", Date.valueOf("2024-07-01"), 2.0, 1.0, 5.0)));
        JobConfig.ForecastSpec f = spec(1, 1, List.of(), List.of(), List.of("month", "day-of-week", "day-of-year"));
        List<LabeledSequence> s = SequenceAssembler.toSequences(Covariates.assemble(rows, sequence(List.of("y")), f,
                "test")).collect();
        float[][] steps = s.get(0).steps();
        double monday = 2 * Math.PI * 1 / 7.0; // Spark's dayofweek: Sunday = 1, Monday = 2
        assertArrayEquals(new float[]{1, 0, 1, (float) Math.sin(monday), (float) Math.cos(monday), 0, 1}, steps[0],
                1e-6f);
        double day183 = 2 * Math.PI * 182 / 366.0;
        assertArrayEquals(new float[]{2, 0, -1, (float) Math.sin(monday), (float) Math.cos(monday),
                (float) Math.sin(day183), (float) Math.cos(day183)}, steps[1], 1e-6f);
        // The calendar values are lead features too: after the step's own values come the next step's.
        assertArrayEquals(new int[]{1, 2, 3, 4, 5, 6}, Covariates.leadSources(f, 7));
    }

    @Test
    void calendarNeedsDatesOrTimestamps() {
        StructType numbered = new StructType().add("id", DataTypes.StringType).add("day", DataTypes.IntegerType)
                .add("y", DataTypes.DoubleType);
        Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("a", 1, 1.0),
                RowFactory.create("a", 2, 2.0)), numbered);
        UserError e = assertThrows(UserError.class, () -> Covariates.assemble(rows, sequence(List.of("y")),
                spec(1, 1, List.of(), List.of(), List.of("month")), "in.csv"));
        assertTrue(e.getMessage().startsWith("sequence.calendar: column 'day' in in.csv holds int; calendar features "
                + "need dates or timestamps"), e.getMessage());
    }

    @Test
    void aStaticColumnThatVariesWithinASeriesNamesColumnAndSeries() {
        Dataset<Row> rows = dated(List.of(RowFactory.create("a", Date.valueOf("2024-01-01"), 1.0, 0.0, 5.0),
                RowFactory.create("a", Date.valueOf("2024-01-02"), 2.0, 1.0, 5.0),
                RowFactory.create("b", Date.valueOf("2024-01-01"), 1.0, 0.0, 5.0),
                RowFactory.create("b", Date.valueOf("2024-01-02"), 2.0, 1.0, 6.0)));
        JobConfig.ForecastSpec f = spec(1, 1, List.of(), List.of("size"), List.of());
        UserError e = assertThrows(UserError.class, () -> Covariates.assemble(rows, sequence(List.of("y", "size")),
                f, "in.csv"));
        assertEquals("sequence.static-columns: column 'size' in in.csv has 2 different values in series id = b "
                + "(e.g. [5.0, 6.0]); expected one value per series (or list the column in sequence.feature-columns)",
                e.getMessage());
        UserError missing = assertThrows(UserError.class, () -> Covariates.assemble(rows.drop("size"),
                sequence(List.of("y", "size")), f, "in.csv"));
        assertTrue(missing.getMessage().startsWith("sequence.static-columns: column 'size' not found in in.csv"),
                missing.getMessage());
    }

    /** Two series of 6 days with promo = day of month; series a has 2 forecast-step rows (targets empty). */
    private static List<Row> withFutureRows(int futureRowsOfB) {
        List<Row> rows = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            int future = id.equals("a") ? 2 : futureRowsOfB;
            for (int d = 1; d <= 6 + future; d++) {
                rows.add(RowFactory.create(id, Date.valueOf(String.format("2024-01-%02d", d)), d <= 6 ? (double) d
                        : null, (double) d, 5.0));
            }
        }
        return rows;
    }

    @Test
    void predictReadsTheForecastStepsFromTheRowsAfterTheLastTarget() {
        JobConfig.ForecastSpec f = spec(3, 2, List.of("promo"), List.of(), List.of());
        List<LabeledSequence> s = new ArrayList<>(Covariates.predictSequences(dated(withFutureRows(3)),
                sequence(List.of("y", "promo")), f, "in.csv").collect());
        s.sort(java.util.Comparator.comparing(LabeledSequence::id));
        for (LabeledSequence one : s) {
            // 6 observed days, then the first 2 forecast steps (b's third one is not needed)
            assertEquals(8, one.length(), one.id());
            float[][] in = Covariates.inputs(one.steps(), one.length() - 2, 3, f);
            assertArrayEquals(new float[]{6, 6, 7, 8}, in[2], one.id());
        }
        UserError e = assertThrows(UserError.class, () -> Covariates.predictSequences(dated(withFutureRows(1)),
                sequence(List.of("y", "promo")), f, "in.csv").count());
        assertEquals("--input in.csv: the model uses sequence.future-columns = [promo], so predict needs the 2 "
                + "forecast step(s) of every series as rows after its last target value (target column(s) y empty, "
                + "promo given); 1 series lack some, e.g. id = b has 1 (missing forecast step(s) 2..2)",
                e.getMessage());
        List<Row> noPromo = withFutureRows(2);
        noPromo.set(7, RowFactory.create("a", Date.valueOf("2024-01-08"), null, null, 5.0));
        UserError gap = assertThrows(UserError.class, () -> Covariates.predictSequences(dated(noPromo),
                sequence(List.of("y", "promo")), f, "in.csv"));
        assertTrue(gap.getMessage().startsWith("column 'promo' in in.csv: 1 forecast-step row(s) (after their series' "
                + "last target value) without a finite number"), gap.getMessage());
    }
}
