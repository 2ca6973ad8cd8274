package io.seqspark.evaluation;

import io.seqspark.config.JobConfig;
import io.seqspark.config.Refit;
import io.seqspark.config.TestSpecs;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.ForecastWindows;
import io.seqspark.vectorize.LabeledSequence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the backtest's origins lie, and the windows and baselines built at them. */
class BacktestTest {
    private static final JobConfig.SplitSpec SPLIT = new JobConfig.SplitSpec(0.2, 0.1, 42, true);

    private static JobConfig.ForecastSpec spec(int lookback, int horizon, int season) {
        return TestSpecs.forecast(List.of("y")).window(lookback, horizon, 1).season(season).build();
    }

    private static LabeledSequence series(String id, int length) {
        float[][] steps = new float[length][1];
        for (int t = 0; t < length; t++) {
            // Trend plus a 4-step cycle: naive, seasonal naive and the actual values all differ.
            steps[t][0] = 10 + 0.5f * t + (t % 4) * 2f;
        }
        return new LabeledSequence(id, null, steps);
    }

    @Test
    void theLastOriginLeavesExactlyTheHorizonAndTheOthersStepBack() {
        JobConfig.BacktestSpec b = new JobConfig.BacktestSpec(6, 1, Refit.NONE);
        assertArrayEquals(new int[]{138, 139, 140, 141, 142, 143}, Backtest.origins(144, spec(24, 1, 12), b));
        JobConfig.BacktestSpec step3 = new JobConfig.BacktestSpec(4, 3, Refit.NONE);
        // horizon 3: the last origin is 100 - 3 = 97, the others 3, 6, 9 steps before it
        assertArrayEquals(new int[]{88, 91, 94, 97}, Backtest.origins(100, spec(24, 3, 12), step3));
    }

    @Test
    void aSeriesWithoutTheHistoryForTheFirstOriginHasNone() {
        JobConfig.BacktestSpec b = new JobConfig.BacktestSpec(6, 2, Refit.NONE);
        JobConfig.ForecastSpec s = spec(10, 2, 12);
        // The first origin needs max(lookback 10, season 12) = 12 steps before it: 12 + 5 * 2 + 2 = 24 steps.
        assertEquals(24, Backtest.minLength(s, b));
        assertArrayEquals(new int[]{12, 14, 16, 18, 20, 22}, Backtest.origins(24, s, b));
        assertEquals(0, Backtest.origins(23, s, b).length);
        assertEquals(0, Backtest.origins(100, s, new JobConfig.BacktestSpec(0, 1, Refit.NONE)).length);
    }

    @Test
    void pairsCarryTheWindowAndBaselinesOfTheirOrigin() {
        JobConfig.ForecastSpec s = spec(8, 2, 4);
        JobConfig.BacktestSpec b = new JobConfig.BacktestSpec(3, 5, Refit.NONE);
        LabeledSequence series = series("a", 60);
        List<Backtest.Pair> pairs = Backtest.pairs(series, s, SPLIT, b);
        assertEquals(3, pairs.size());
        int[] expected = {48, 53, 58};
        for (int i = 0; i < 3; i++) {
            Backtest.Pair p = pairs.get(i);
            ForecastWindow w = p.window();
            int o = expected[i];
            assertEquals(i, p.index());
            assertEquals(o, w.origin());
            assertEquals(8, w.inputs().length);
            assertEquals(series.steps()[o - 8][0], w.inputs()[0][0]);
            assertEquals(series.steps()[o - 1][0], w.inputs()[7][0]);
            for (int k = 0; k < 2; k++) {
                assertEquals(series.steps()[o + k][0], w.targets()[k][0]);
                assertEquals(series.steps()[o - 1][0], w.naive()[k][0]);
                assertEquals(series.steps()[o + k - 4][0], w.seasonalNaive()[k][0]);
                assertTrue(Float.isFinite(w.ets()[k][0]), "ets fitted on 42 training steps");
            }
        }
        // The test period of 60 steps starts at 48: no origin lies before it.
        assertFalse(pairs.stream().anyMatch(Backtest.Pair::beforeTest));
        List<Backtest.Pair> early = Backtest.pairs(series, s, SPLIT, new JobConfig.BacktestSpec(3, 6, Refit.NONE));
        assertEquals(List.of(true, false, false), early.stream().map(Backtest.Pair::beforeTest).toList());
    }

    @Test
    void theEtsBaselineForecastsFromEachOriginWithTheTrainingFit() {
        JobConfig.ForecastSpec s = spec(8, 2, 4);
        LabeledSequence series = series("a", 60);
        int[] origins = {48, 53, 58};
        List<Backtest.Pair> pairs = Backtest.pairs(series, s, SPLIT, new JobConfig.BacktestSpec(3, 5, Refit.NONE));
        double[] y = new double[60];
        for (int t = 0; t < 60; t++) {
            y[t] = series.steps()[t][0];
        }
        // Training period: 60 - 12 test - 6 validation = 42 steps.
        ExponentialSmoothing.Baseline expected = ExponentialSmoothing.baseline(y, 42, 4, origins, 2);
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 2; k++) {
                assertEquals((float) expected.forecasts()[i][k], pairs.get(i).window().ets()[k][0]);
            }
        }
    }

    /**
     * refit = every-origin: the history a refit trains on ends just before the origin, and the pair's MASE scale
     * and exponential-smoothing forecast come from those steps only.
     */
    @Test
    void aRefitPairSeesOnlyTheStepsBeforeItsOrigin() {
        JobConfig.ForecastSpec s = spec(8, 2, 4);
        JobConfig.BacktestSpec b = new JobConfig.BacktestSpec(3, 5, Refit.EVERY_ORIGIN);
        LabeledSequence series = series("a", 60);
        for (int i = 0; i < 3; i++) {
            int origin = 48 + 5 * i;
            assertEquals(origin, Backtest.history(series, s, b, i).length());
            Backtest.Pair p = Backtest.pairAt(series, s, b, i);
            assertEquals(origin, p.window().origin());
            assertFalse(p.beforeTest());
            assertArrayEquals(ForecastWindows.maseScale(series.steps(), origin, s), p.window().maseScale());
            double[] y = new double[60];
            for (int t = 0; t < 60; t++) {
                y[t] = series.steps()[t][0];
            }
            ExponentialSmoothing.Baseline ets = ExponentialSmoothing.baseline(y, origin, 4, new int[]{origin}, 2);
            for (int k = 0; k < 2; k++) {
                assertEquals((float) ets.forecasts()[0][k], p.window().ets()[k][0]);
            }
        }
    }
}
