package io.seqspark.vectorize;

import io.seqspark.SparkTestSupport;
import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splitting series by time, cutting windows, baselines and per-series scaling without test-period leakage. */
class ForecastWindowsTest {
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

    private static JobConfig.ForecastSpec spec(int lookback, int horizon, int stride, int season, String scope,
                                               String origin) {
        return TestSpecs.forecast(List.of("y")).window(lookback, horizon, stride).season(season).scalingScope(scope)
                .windowOrigin(origin).build();
    }

    /** y[t] = t, plus a covariate column 1000 + t. */
    private static LabeledSequence ramp(String id, int n) {
        float[][] steps = new float[n][];
        for (int t = 0; t < n; t++) {
            steps[t] = new float[]{t, 1000 + t};
        }
        return new LabeledSequence(id, null, steps);
    }

    @Test
    void boundsHoldTheLastStepsForTestAndTheOnesBeforeForValidation() {
        assertArrayEquals(new int[]{70, 80}, ForecastWindows.bounds(100, SPLIT));
        assertArrayEquals(new int[]{101, 115}, ForecastWindows.bounds(144, SPLIT)); // airline: 29 test months
    }

    @Test
    void forecastStepsNeverStraddleAPeriodAndBaselinesUseOnlyThePast() {
        LabeledSequence s = ramp("a", 100);
        List<ForecastWindow> windows = ForecastWindows.of(s, spec(10, 3, 1, 12, "global", "absolute"), SPLIT);
        int[] counts = new int[3];
        for (ForecastWindow w : windows) {
            int first = w.origin();
            int last = w.origin() + 2;
            assertEquals(first - 1, w.inputs()[9][0], 0, "inputs end right before the origin");
            assertEquals(first, w.targets()[0][0], 0);
            switch (w.part()) {
                case Splitter.TRAIN -> {
                    counts[0]++;
                    assertTrue(last < 70, "training forecast steps stay in the training period: " + first);
                    assertNull(w.naive());
                }
                case Splitter.VALIDATION -> {
                    counts[1]++;
                    assertTrue(first >= 70 && last < 80);
                }
                default -> {
                    counts[2]++;
                    assertTrue(first >= 80 && last < 100);
                    for (int k = 0; k < 3; k++) {
                        assertEquals(first - 1, w.naive()[k][0], 0, "naive = last observed value");
                        assertEquals(first + k - 12, w.seasonalNaive()[k][0], 0, "one season before the step");
                        assertTrue(w.seasonalNaive()[k][0] < first, "never a value at or after the origin");
                    }
                    // mean |y[t] - y[t-12]| over the training period of a ramp is 12
                    assertEquals(12, w.maseScale()[0], 1e-9);
                }
            }
        }
        // train origins 10..67, validation 70..77, test 80..97
        assertArrayEquals(new int[]{58, 8, 18}, counts);
    }

    @Test
    void seasonalNaiveForHorizonsBeyondASeasonRepeatsTheLastObservedSeason() {
        List<ForecastWindow> windows = ForecastWindows.of(ramp("a", 100), spec(4, 6, 1, 4, "global", "absolute"),
                SPLIT);
        ForecastWindow w = windows.stream().filter(x -> x.part().equals(Splitter.TEST)).findFirst().orElseThrow();
        // origin 80, season 4: steps 80..83 take 76..79, steps 84..85 take 76..77 again
        float[] expected = {76, 77, 78, 79, 76, 77};
        for (int k = 0; k < 6; k++) {
            assertEquals(expected[k], w.seasonalNaive()[k][0], 0);
        }
    }

    @Test
    void strideSkipsOrigins() {
        List<ForecastWindow> windows = ForecastWindows.of(ramp("a", 100), spec(10, 1, 5, 0, "global", "absolute"),
                SPLIT);
        List<Integer> test = windows.stream().filter(w -> w.part().equals(Splitter.TEST)).map(ForecastWindow::origin)
                .toList();
        assertEquals(List.of(80, 85, 90, 95), test);
        assertNull(windows.get(windows.size() - 1).seasonalNaive(), "no season, no seasonal baseline");
    }

    @Test
    void noStatisticOfTheTestPeriodReachesTheScalers() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Two series of very different levels whose validation and test periods explode to 1e6: a scaler that saw
        // them would have a huge mean and range.
        List<LabeledSequence> series = new ArrayList<>();
        for (String id : List.of("low", "high")) {
            double level = id.equals("low") ? 1 : 1000;
            float[][] steps = new float[50][];
            for (int t = 0; t < 50; t++) {
                steps[t] = new float[]{(float) (t < 35 ? level * (1 + t % 2) : 1e6), 5};
            }
            series.add(new LabeledSequence(id, null, steps));
        }
        JobConfig.SplitSpec split = new JobConfig.SplitSpec(0.2, 0.1, 1, true);
        assertEquals(35, ForecastWindows.bounds(50, split)[0]);
        var periods = ForecastWindows.trainingPeriods(jsc.parallelize(series, 2), split);
        SeriesScalers perSeries = SeriesScalers.fit("standard", periods, 2, true);
        // Training values alternate level, 2*level: mean 1.5 level, std 0.5 level (35 steps: 18 x level, 17 x 2 level)
        double lowMean = (18 * 1 + 17 * 2) / 35.0;
        assertEquals(lowMean, perSeries.forSeries("low").shift()[0], 1e-9);
        assertEquals(1000 * lowMean, perSeries.forSeries("high").shift()[0], 1e-6);
        assertTrue(perSeries.forSeries("high").scale()[0] < 1000, "scale from the training period only");
        SeriesScalers minmax = SeriesScalers.fit("minmax", periods, 2, false);
        assertEquals(2000, minmax.global().shift()[0] + minmax.global().scale()[0], 1e-9, "max over training only");
        assertTrue(minmax.perSeries().isEmpty());
        assertEquals(minmax.global(), minmax.forSeries("low"));
    }

    @Test
    void relativeWindowsRoundTripToTheOriginalScale() {
        LabeledSequence s = ramp("a", 100);
        for (String origin : List.of("absolute", "last")) {
            JobConfig.ForecastSpec spec = spec(10, 2, 1, 0, "global", origin);
            List<ForecastWindow> windows = ForecastWindows.of(s, spec, SPLIT);
            SeriesScalers scalers = new SeriesScalers(new FeatureScaler("standard", new double[]{50, 1050},
                    new double[]{10, 10}), java.util.Map.of());
            DataSet batch = ForecastBatches.toDataSet(windows.subList(0, 4), scalers, spec);
            assertArrayEquals(new long[]{4, 2, 10}, batch.getFeatures().shape(), "[batch, inputs, lookback]");
            assertArrayEquals(new long[]{4, 2}, batch.getLabels().shape(), "[batch, horizon * targets]");
            if (origin.equals("last")) {
                assertEquals(0, batch.getFeatures().getFloat(0, 0, 9), 1e-6, "target input relative to the last");
                assertEquals(0.1, batch.getLabels().getFloat(0, 0), 1e-6, "next step is +1 = +0.1 scaled");
                assertEquals((1000 - 1050) / 10.0, batch.getFeatures().getFloat(0, 1, 0), 1e-5,
                        "covariates stay absolute");
            }
            for (int i = 0; i < 4; i++) {
                float[][] back = ForecastBatches.invert(batch.getLabels().getRow(i).toFloatVector(), windows.get(i),
                        scalers, spec);
                assertEquals(windows.get(i).targets()[0][0], back[0][0], 1e-4);
                assertEquals(windows.get(i).targets()[1][0], back[1][0], 1e-4);
            }
        }
    }
}
