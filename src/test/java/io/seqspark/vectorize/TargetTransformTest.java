package io.seqspark.vectorize;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The target transform's math against R's forecast package, and the round trip through ForecastBatches. */
class TargetTransformTest {

    /** AirPassengers[1:101]: the training period of conf/airline-passengers.conf (144 months, 29 test, 14 validation). */
    static final double[] AIRLINE_TRAIN = {112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141,
            135, 125, 149, 170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171,
            180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180,
            201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312,
            274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355};

    // R 4 with forecast 8.20:
    //   library(forecast); print(BoxCox(c(100, 250, 600), 0.25), digits = 15); print(BoxCox(c(100, 250), 0), digits = 15)
    //   print(InvBoxCox(c(2.5, -1.2), -0.3), digits = 15)
    @Test
    void boxCoxAndItsInverseMatchR() {
        assertEquals(8.64911064067352, TargetTransform.boxCox(100, 0.25), 1e-12);
        assertEquals(11.90541457534101, TargetTransform.boxCox(250, 0.25), 1e-12);
        assertEquals(15.79692801535906, TargetTransform.boxCox(600, 0.25), 1e-12);
        assertEquals(Math.log(250), TargetTransform.boxCox(250, 0), 0);
        assertEquals(101.593667325964788, TargetTransform.invBoxCox(2.5, -0.3), 1e-9);
        assertEquals(0.358814764793762, TargetTransform.invBoxCox(-1.2, -0.3), 1e-12);
        for (double lambda : new double[]{-1, -0.3, 0, 0.25, 1, 2}) {
            for (double x : new double[]{0.01, 1, 3.7, 112, 622}) {
                assertEquals(x, TargetTransform.invBoxCox(TargetTransform.boxCox(x, lambda), lambda), 1e-9 * x,
                        "lambda " + lambda + ", x " + x);
            }
        }
        // Beyond the range a negative lambda can reach: a huge finite value, not NaN.
        double capped = TargetTransform.invBoxCox(5, -0.3);
        assertTrue(Double.isFinite(capped) && capped > 1e10, String.valueOf(capped));
    }

    // R: x <- ts(AirPassengers[1:101], frequency = 12)
    //   BoxCox.lambda(x, method = "guerrero")                                     # -0.131057369581808 (tol 1.2e-4)
    //   optimize(forecast:::guer.cv, c(-1, 2), x = x, tol = 1e-12)$minimum         # -0.131072339334121
    @Test
    void guerreroLambdaMatchesRsBoxCoxLambdaOnTheAirlineTrainingPeriod() {
        double lambda = TargetTransform.guerrero(TargetTransform.blocks(AIRLINE_TRAIN, 12));
        assertEquals(-0.131072339334121, lambda, 1e-6);
        assertEquals(-0.131057369581808, lambda, 1e-3);
    }

    @Test
    void blocksAreTakenFromTheEndAsR() {
        List<double[]> b = TargetTransform.blocks(new double[]{100, 1, 2, 3, 5}, 2);
        assertEquals(2, b.size());
        assertArrayEquals(new double[]{1.5, Math.sqrt(0.5)}, b.get(0), 1e-12);
        assertArrayEquals(new double[]{4, Math.sqrt(2)}, b.get(1), 1e-12);
    }

    @Test
    void levelIsTheMeanAbsoluteValueOfTheLastSteps() {
        TargetTransform t = new TargetTransform("none", new double[1], "level", 2, 0);
        assertEquals(5, t.level(new float[][]{{100}, {-4}, {6}}, 0), 1e-12);
        assertEquals(1, t.level(new float[][]{{3}, {0}, {0}}, 0), 0, "an all-zero level leaves values as they are");
        assertEquals(1, TargetTransform.none(1).level(new float[][]{{3}, {7}}, 0), 0);
    }

    /**
     * What toDataSet makes of a window's targets, invert gives back, for every combination of transform, level
     * normalisation, seasonal differencing and origin, with a horizon longer than the season (the differences are
     * integrated over earlier forecast steps) and a covariate.
     */
    @Test
    void labelsInvertToTheTargetsInEveryCombination() {
        int lookback = 8;
        int horizon = 5;
        int season = 3;
        List<ForecastWindow> windows = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            float[][] steps = new float[lookback + horizon][];
            for (int t = 0; t < steps.length; t++) {
                double y = (50 + 10 * w) * Math.pow(1.04, t) * (1 + 0.2 * Math.sin(2 * Math.PI * t / season));
                steps[t] = new float[]{(float) y, (float) (t % 2)};
            }
            windows.add(new ForecastWindow("s" + w, "test", lookback, java.util.Arrays.copyOf(steps, lookback),
                    java.util.Arrays.copyOfRange(steps, lookback, steps.length)));
        }
        FeatureScaler scaler = new FeatureScaler("standard", new double[]{0.3, 0.5}, new double[]{1.7, 0.5});
        for (String kind : new String[]{"none", "log", "box-cox"}) {
            for (String normalize : new String[]{"none", "level"}) {
                for (boolean difference : new boolean[]{false, true}) {
                    for (String origin : new String[]{"absolute", "last"}) {
                        JobConfig.ForecastSpec spec = TestSpecs.forecast(List.of("y"))
                                .window(lookback, horizon, 1).season(season).windowOrigin(origin).transform(kind)
                                .normalize(normalize).seasonalDifference(difference).build();
                        TargetTransform t = new TargetTransform(kind, new double[]{kind.equals("box-cox") ? 0.4 : 0},
                                normalize, season, difference ? season : 0);
                        SeriesScalers scalers = new SeriesScalers(scaler, Map.of(), t);
                        DataSet d = ForecastBatches.toDataSet(windows, scalers, spec);
                        String what = kind + "/" + normalize + "/" + difference + "/" + origin;
                        assertEquals(lookback - (difference ? season : 0), d.getFeatures().size(2), what);
                        for (int i = 0; i < windows.size(); i++) {
                            float[][] back = ForecastBatches.invert(d.getLabels().getRow(i).toFloatVector(),
                                    windows.get(i), scalers, spec);
                            for (int k = 0; k < horizon; k++) {
                                assertEquals(windows.get(i).targets()[k][0], back[k][0],
                                        1e-4 * windows.get(i).targets()[k][0], what + " window " + i + " step " + k);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Without transform, normalisation or differencing the network sees what it saw before they existed. */
    @Test
    void noTransformLeavesTheScaledRelativeInputsAsBefore() {
        float[][] inputs = {{10, 1}, {12, 0}, {11, 1}};
        ForecastWindow w = new ForecastWindow("s", "test", 3, inputs, new float[][]{{13, 0}});
        FeatureScaler scaler = new FeatureScaler("standard", new double[]{10, 0.5}, new double[]{2, 0.5});
        JobConfig.ForecastSpec spec = TestSpecs.forecast(List.of("y")).window(3, 1, 1).windowOrigin("last").build();
        DataSet d = ForecastBatches.toDataSet(List.of(w), new SeriesScalers(scaler, Map.of()), spec);
        // scaled 0, 1, 0.5 relative to the last (0.5); covariate scaled 1, -1, 1; label (13 - 10) / 2 - 0.5
        assertArrayEquals(new float[]{-0.5f, 0.5f, 0f, 1f, -1f, 1f}, d.getFeatures().data().asFloat(), 1e-6f);
        assertEquals(1.0, d.getLabels().getDouble(0, 0), 1e-6);
    }
}
