package io.seqspark.evaluation;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exponential-smoothing baseline against R's forecast::ets (forecast 8.20, Debian's r-cran-forecast) on the
 * airline series, fitted on seqspark's training period of that series: with split { test = 0.2, validation = 0.1 }
 * ForecastWindows.bounds(144) gives training months 1-101, validation 102-115 and test 116-144 (29 months). The
 * R session every number below comes from:
 * <pre>
 * library(forecast); options(digits = 15)
 * d &lt;- read.csv("../shared/data/airline-passengers/airline-passengers.csv")
 * y &lt;- ts(d$Passengers, frequency = 12)
 * train &lt;- window(y, end = c(1, 101))
 * </pre>
 */
class ExponentialSmoothingTest {
    private static final Path AIRLINE = Path.of("../shared/data/airline-passengers/airline-passengers.csv");
    private static final int TRAIN = 101;

    static double[] airline() throws Exception {
        List<String> lines = Files.readAllLines(AIRLINE);
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }

    private static int[] testOrigins() {
        int[] o = new int[29];
        for (int i = 0; i < o.length; i++) {
            o[i] = 115 + i;
        }
        return o;
    }

    /**
     * The recursions, with R's fitted parameters and initial states fixed:
     * <pre>
     * fit &lt;- ets(train, model = "MAM", damped = TRUE); fit$par; fit$states[1, ]
     * full &lt;- ets(y, model = fit, use.initial.values = TRUE)   # same parameters and initial states, all 144 months
     * as.numeric(fitted(full))[116:144]                            # one-step-ahead forecasts of the test months
     * sqrt(mean((as.numeric(fitted(full))[116:144] - as.numeric(y)[116:144])^2))   # 22.652219345619
     * </pre>
     */
    @Test
    void oneStepForecastsMatchRWithRsParameters() throws Exception {
        double[] y = airline();
        double[] x0 = {120.103171171651866, 1.827316781304844, 0.903273820693057, 0.795650604320250,
                0.917173608759490, 1.056705447195266, 1.191264064890273, 1.206433634932696, 1.097057220273277,
                0.979696924938122, 0.994533237523042, 1.037297130975969, 0.908549083691185, 0.912365221807374};
        ExponentialSmoothing model = ExponentialSmoothing.of(ExponentialSmoothing.Form.of("MAM", true), 12,
                6.97868465717e-01, 3.05182997201e-02, 1.01784369976e-04, 9.78762035751e-01, x0);
        double[] r = {481.163321, 444.631786, 362.859623, 313.661959, 354.413111, 346.394681, 355.472837,
                395.855758, 387.310105, 388.715788, 462.101210, 518.639826, 535.994926, 493.457269, 412.270791,
                356.371188, 411.350184, 413.120194, 416.244941, 456.678043, 413.021766, 441.628460, 521.233481,
                587.406903, 608.400555, 542.057100, 452.272630, 399.909056, 448.338818};
        double[][] f = model.forecasts(y, testOrigins(), 1);
        double sq = 0;
        for (int i = 0; i < r.length; i++) {
            assertEquals(r[i], f[i][0], 1e-3, "test month " + (116 + i));
            sq += Math.pow(f[i][0] - y[115 + i], 2);
        }
        assertEquals(22.652219345619, Math.sqrt(sq / r.length), 1e-3);
        // R's likelihood of the same parameters on the training months: -2 * fit$loglik = 861.030749434
        assertEquals(861.030749434, ExponentialSmoothing.likelihood(Arrays.copyOf(y, TRAIN), TRAIN,
                model.form(), 12, model.alpha(), model.beta(), model.gamma(), model.phi(), x0), 1e-6);
    }

    /**
     * Each form fitted with its parameters and initial states estimated, against ets's fit of the same form:
     * <pre>
     * for (spec in list(c("MAM", TRUE), c("AAN", TRUE), c("ANA", FALSE), c("MNN", FALSE), c("AAA", FALSE))) {
     *   g &lt;- ets(train, model = spec[1], damped = as.logical(spec[2]))
     *   p &lt;- g$par[c("alpha", "beta", "gamma", "phi")]; p[is.na(p)] &lt;- 0
     *   cat(sprintf('{"%s", "%s", "%.10f", "%.10f", "%.10f", "%.10f", "%.8f", "%.8f"},\n', spec[1], spec[2],
     *       p[1], p[2], p[3], p[4], g$aic, g$aicc))
     * }
     * </pre>
     * The same Nelder-Mead from the same start reproduces ets's optimum; 1e-6 leaves room for rounding only.
     */
    @Test
    void fittedParametersAndAicMatchR() throws Exception {
        double[] train = Arrays.copyOf(airline(), TRAIN);
        String[][] r = {
                {"MAM", "TRUE", "0.6978684657", "0.0305182997", "0.0001017844", "0.9787620358", "897.03074943",
                        "905.37221285"},
                {"AAN", "TRUE", "0.9998998562", "0.0001002480", "0.0000000000", "0.9799996062", "1114.32165842",
                        "1115.21527544"},
                {"ANA", "FALSE", "0.9991902549", "0.0000000000", "0.0001337139", "0.0000000000", "973.58248683",
                        "979.22954566"},
                {"MNN", "FALSE", "0.9998998715", "0.0000000000", "0.0000000000", "0.0000000000", "1091.89690375",
                        "1092.14432643"},
                {"AAA", "FALSE", "0.9982250801", "0.0001006422", "0.0002881153", "0.0000000000", "972.25908155",
                        "979.63257552"}};
        for (String[] c : r) {
            boolean damped = Boolean.parseBoolean(c[1].toLowerCase());
            ExponentialSmoothing fit = ExponentialSmoothing.fit(train, 12, ExponentialSmoothing.Form.of(c[0], damped));
            assertNotNull(fit, c[0]);
            String what = fit.form().name();
            assertEquals(Double.parseDouble(c[2]), fit.alpha(), 1e-6, what + " alpha");
            assertEquals(Double.parseDouble(c[3]), fit.beta(), 1e-6, what + " beta");
            assertEquals(Double.parseDouble(c[4]), fit.gamma(), 1e-6, what + " gamma");
            assertEquals(damped ? Double.parseDouble(c[5]) : 1, fit.phi(), 1e-6, what + " phi");
            assertEquals(Double.parseDouble(c[6]), fit.aic(), 1e-3, what + " AIC");
            assertEquals(Double.parseDouble(c[7]), fit.aicc(), 1e-3, what + " AICc");
        }
    }

    /**
     * The automatic choice: {@code ets(train)$method} is "ETS(M,Ad,M)" (AICc 905.372212849; ets(train, ic = "aic")
     * picks the same), and the baseline's forecasts of the test months are then those of the first test.
     */
    @Test
    void selectsTheFormRSelectsAndForecastsWithIt() throws Exception {
        double[] y = airline();
        ExponentialSmoothing.Baseline b = ExponentialSmoothing.baseline(y, TRAIN, 12, testOrigins(), 1);
        assertEquals("ETS(M,Ad,M)", b.fitted().form());
        assertEquals(905.372212849, b.fitted().aicc(), 1e-3);
        assertNull(b.fitted().fallback());
        double sq = 0;
        for (int i = 0; i < 29; i++) {
            sq += Math.pow(b.forecasts()[i][0] - y[115 + i], 2);
        }
        assertEquals(22.652219345619, Math.sqrt(sq / 29), 1e-3, "test RMSE as R's");
    }

    /** Too little training data for a seasonal fit, or a season ets would not fit: non-seasonal forms, said so. */
    @Test
    void shortOrLongSeasonsFallBackToNonSeasonalForms() throws Exception {
        double[] y = airline();
        ExponentialSmoothing.Baseline shortTrain = ExponentialSmoothing.baseline(y, 27, 12, new int[]{27, 28}, 2);
        assertTrue(shortTrain.fitted().form().endsWith(",N)"), shortTrain.fitted().form());
        assertTrue(shortTrain.fitted().fallback().contains("2 seasons"), shortTrain.fitted().fallback());
        assertEquals(2, shortTrain.forecasts()[1].length);
        ExponentialSmoothing.Baseline longSeason = ExponentialSmoothing.baseline(y, 101, 52, new int[]{101}, 1);
        assertTrue(longSeason.fitted().form().endsWith(",N)"), longSeason.fitted().form());
        assertTrue(longSeason.fitted().fallback().contains("longer than 24"), longSeason.fitted().fallback());
        double[] gap = y.clone();
        gap[50] = Double.NaN;
        assertNull(ExponentialSmoothing.baseline(gap, 101, 12, new int[]{101}, 1), "a missing value: no baseline");
        double[] tiny = {1, 2, 3};
        assertNull(ExponentialSmoothing.baseline(tiny, 3, 0, new int[]{3}, 1), "too few steps for any form");
    }

    /** The admissibility test's polynomial check against known roots. */
    @Test
    void rootsWithinTheUnitCircle() {
        assertTrue(ExponentialSmoothing.rootsWithin(new double[]{0.06, -0.5, 1}, 1)); // roots 0.2 and 0.3
        assertFalse(ExponentialSmoothing.rootsWithin(new double[]{-0.6, -0.5, 1}, 1)); // roots 1.064 and -0.564
        assertFalse(ExponentialSmoothing.rootsWithin(new double[]{2, 1}, 1)); // root -2
        assertTrue(ExponentialSmoothing.rootsWithin(new double[]{-1, 1}, 1 + 1e-10)); // root 1, within tolerance
    }
}
