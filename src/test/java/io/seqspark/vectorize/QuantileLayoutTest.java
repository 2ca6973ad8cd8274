package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The quantile output layout (step, target, level), labels repeated per level, and quantiles mapped back to the
 * original scale like point forecasts, with window.origin = last as well as absolute.
 */
class QuantileLayoutTest {
    private static final JobConfig.SplitSpec SPLIT = new JobConfig.SplitSpec(0.2, 0.1, 42, true);
    private static final List<Double> LEVELS = List.of(0.1, 0.5, 0.9);

    /** Two targets a[t] = t and b[t] = 100 - 2t. */
    private static LabeledSequence series(int n) {
        float[][] steps = new float[n][];
        for (int t = 0; t < n; t++) {
            steps[t] = new float[]{t, 100 - 2 * t};
        }
        return new LabeledSequence("s", null, steps);
    }

    @Test
    void labelsRepeatPerLevelAndQuantilesInvertLikePointForecasts() {
        SeriesScalers scalers = new SeriesScalers(new FeatureScaler("standard", new double[]{50, 0},
                new double[]{10, 4}), Map.of());
        for (String origin : List.of("absolute", "last")) {
            JobConfig.ForecastSpec spec = TestSpecs.forecast(List.of("a", "b")).window(8, 3, 1).windowOrigin(origin)
                    .quantiles(LEVELS).build();
            List<ForecastWindow> windows = ForecastWindows.of(series(80), spec, SPLIT);
            DataSet batch = ForecastBatches.toDataSet(windows.subList(0, 2), scalers, spec);
            assertArrayEquals(new long[]{2, 3 * 2 * 3}, batch.getLabels().shape(), "[batch, horizon x targets x levels]");
            for (int i = 0; i < 2; i++) {
                ForecastWindow w = windows.get(i);
                float[] labels = batch.getLabels().getRow(i).toFloatVector();
                // A forecast whose levels are the actual value -0.5, +0, +1 (scaled units) around it.
                float[] output = labels.clone();
                for (int c = 0; c < output.length; c++) {
                    output[c] += new float[]{-0.5f, 0, 1}[c % 3];
                }
                float[][][] q = ForecastBatches.invertQuantiles(output, w, scalers, spec);
                float[][] point = ForecastBatches.invert(output, w, scalers, spec);
                for (int k = 0; k < 3; k++) {
                    for (int j = 0; j < 2; j++) {
                        double actual = w.targets()[k][j];
                        double scale = scalers.global().scale()[j];
                        assertEquals(actual - 0.5 * scale, q[k][j][0], 1e-3, origin + " step " + k + " target " + j);
                        assertEquals(actual, q[k][j][1], 1e-3, origin + " median");
                        assertEquals(actual + scale, q[k][j][2], 1e-3, origin + " upper level");
                        assertEquals(actual, point[k][j], 1e-3, "the point forecast is the 0.5 level");
                    }
                }
            }
        }
    }

    @Test
    void medianIntervalsAndNames() {
        assertEquals(2.0, Quantiles.median(LEVELS, new float[]{1, 2, 5}));
        assertEquals(3.0, Quantiles.median(List.of(0.1, 0.3, 0.6, 0.9), new float[]{1, 2, 4, 9}),
                "no 0.5: the mean of the two middle levels");
        assertEquals(4.0, Quantiles.median(List.of(0.2, 0.4, 0.7), new float[]{1, 4, 9}));
        assertEquals(List.of(List.of(0, 4), List.of(1, 3)), Quantiles.centralIntervals(
                List.of(0.05, 0.25, 0.5, 0.75, 0.95)).stream().map(p -> List.of(p[0], p[1])).toList());
        assertEquals(List.of(List.of(0, 2)), Quantiles.centralIntervals(List.of(0.1, 0.3, 0.9)).stream()
                .map(p -> List.of(p[0], p[1])).toList(), "0.3 has no 0.7 partner");
        assertEquals(List.of(), Quantiles.centralIntervals(List.of(0.5)));
        assertEquals("Temp_q0.1", Quantiles.column("Temp", 0.1));
        assertEquals("Temp_q0.05", Quantiles.column("Temp", 0.05));
        assertEquals("y_q0.975", Quantiles.column("y", 0.975));
    }
}
