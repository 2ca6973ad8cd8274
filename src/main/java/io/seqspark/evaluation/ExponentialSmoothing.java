package io.seqspark.evaluation;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exponential smoothing in innovations state-space form, ETS(error, trend, season) with additive or multiplicative
 * errors, no / additive / additive damped trend and no / additive / multiplicative season: Hyndman, Koehler, Ord
 * &amp; Snyder (2008), <i>Forecasting with Exponential Smoothing</i>, chapter 2 (table 2.3 recursions) and chapter 5
 * (likelihood). Fitting and model selection follow R's {@code forecast::ets} (version 8.20): the recursions of its
 * {@code etscalc}/{@code update}/{@code forecast} (src/etscalc.c), the likelihood and parameter checks of
 * {@code EtsTargetFunction} (src/etsTargetFunction.cpp), the starting values of {@code initparam}/{@code initstate}
 * and the information criteria of {@code etsmodel} (R/ets.R); models are chosen by AICc, ets's default. No JVM
 * library on Maven Central fits ETS models (Smile and Commons Math have none), so the recursions are written here,
 * with the Nelder-Mead that ets uses (see {@link #nelderMead}).
 *
 * <p>Multiplicative trends are left out, as ets leaves them out by default; with {@code restrict} (ets's default)
 * additive errors never go with a multiplicative season. Multiplicative errors and seasons need a strictly
 * positive training series.
 */
public final class ExponentialSmoothing implements Serializable {
    /** ets's default bounds on alpha, beta, gamma, phi. */
    static final double[] LOWER = {1e-4, 1e-4, 1e-4, 0.8};
    static final double[] UPPER = {0.9999, 0.9999, 0.9999, 0.98};
    /** ets fits no seasonal model with a longer period (one state per season step, all estimated). */
    public static final int MAX_SEASON = 24;
    private static final double TOL = 1e-10;
    private static final double HUGEN = 1e10;
    /** ets's maxit: Nelder-Mead function evaluations per fit. */
    private static final int MAX_EVAL = 2000;
    /** What Nelder-Mead puts in place of a non-finite objective (R's optim). */
    private static final double BIG = 1.0e35;

    /**
     * One model form.
     *
     * @param error  'A' or 'M'
     * @param trend  'N' or 'A'
     * @param damped whether the trend is damped (phi)
     * @param season 'N', 'A' or 'M'
     */
    public record Form(char error, char trend, boolean damped, char season) implements Serializable {
        /** ets's three-letter code, e.g. "MAM" with damped = true for ETS(M,Ad,M). */
        public static Form of(String code, boolean damped) {
            return new Form(code.charAt(0), code.charAt(1), damped, code.charAt(2));
        }

        public String name() {
            return "ETS(" + error + "," + trend + (damped ? "d" : "") + "," + season + ")";
        }

        boolean seasonal() {
            return season != 'N';
        }

        boolean trended() {
            return trend != 'N';
        }
    }

    private final Form form;
    private final int m;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;
    /** Initial state x0: level, trend (when trended), then season s_0 (latest) .. s_{m-1} (m steps back). */
    private final double[] initial;
    private final double lik;
    private final int parameters;
    private final int n;

    ExponentialSmoothing(Form form, int m, double alpha, double beta, double gamma, double phi, double[] initial,
                         double lik, int parameters, int n) {
        this.form = form;
        this.m = form.seasonal() ? m : 1;
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.phi = form.damped() ? phi : 1;
        this.initial = initial;
        this.lik = lik;
        this.parameters = parameters;
        this.n = n;
    }

    /** A model with given parameters and initial state (no fit): for its forecasts. */
    public static ExponentialSmoothing of(Form form, int m, double alpha, double beta, double gamma, double phi,
                                          double[] initial) {
        return new ExponentialSmoothing(form, m, alpha, beta, gamma, phi, initial.clone(), Double.NaN, 0, 0);
    }

    public Form form() {
        return form;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    public double gamma() {
        return gamma;
    }

    public double phi() {
        return phi;
    }

    public double[] initialState() {
        return initial.clone();
    }

    /** -2 log-likelihood up to a constant, as ets reports it (its {@code -2 * loglik}). */
    public double likelihood() {
        return lik;
    }

    /** ets's AIC: likelihood + 2 (estimated parameters and free initial states + 1 for the variance). */
    public double aic() {
        return lik + 2 * parameters;
    }

    public double aicc() {
        return aic() + 2.0 * parameters * (parameters + 1) / (n - parameters - 1);
    }

    /**
     * What was fitted on one target of one series, for the report.
     *
     * @param fallback why only non-seasonal forms were tried although the job has a season; null otherwise
     */
    public record Fitted(String form, double aic, double aicc, String fallback) implements Serializable {
    }

    /**
     * The baselines of every target of one series: {@code forecasts[i][k][j]} is target j's forecast k + 1 steps
     * from origin i (NaN where no model could be fitted), {@code fits[j]} its model (or null).
     */
    public record SeriesForecasts(float[][][] forecasts, Fitted[] fits) {
    }

    /**
     * {@link #baseline} for each of the first {@code targets} columns of {@code steps[t][f]}.
     */
    public static SeriesForecasts perTarget(float[][] steps, int targets, int trainEnd, int season, int[] origins,
                                            int horizon) {
        float[][][] forecasts = new float[origins.length][horizon][targets];
        Fitted[] fits = new Fitted[targets];
        for (int j = 0; j < targets; j++) {
            double[] y = new double[steps.length];
            for (int t = 0; t < y.length; t++) {
                y[t] = steps[t][j];
            }
            Baseline b = baseline(y, trainEnd, season, origins, horizon);
            fits[j] = b == null ? null : b.fitted();
            for (int i = 0; i < origins.length; i++) {
                for (int k = 0; k < horizon; k++) {
                    forecasts[i][k][j] = b == null ? Float.NaN : (float) b.forecasts()[i][k];
                }
            }
        }
        return new SeriesForecasts(forecasts, fits);
    }

    /** One target's baseline: the model fitted and its forecasts from each origin. */
    public record Baseline(Fitted fitted, double[][] forecasts) {
    }

    /**
     * The baseline of one target of one series: the form with the lowest AICc fitted on y[0, trainEnd), then,
     * with its parameters fixed, the next {@code horizon} forecasts from each origin (ascending), the state updated
     * through the observed history up to it. Seasonal forms need {@code 2 <= season <= MAX_SEASON} and at least
     * 2 seasons + 4 training steps; otherwise only the non-seasonal forms are tried.
     *
     * @return null when the history holds a missing value or no form could be fitted (too few steps)
     */
    public static Baseline baseline(double[] y, int trainEnd, int season, int[] origins, int horizon) {
        int last = origins.length == 0 ? trainEnd : Math.max(trainEnd, origins[origins.length - 1]);
        for (int t = 0; t < last; t++) {
            if (!Double.isFinite(y[t])) {
                return null;
            }
        }
        String fallback = null;
        boolean seasonal = season >= 2;
        if (seasonal && season > MAX_SEASON) {
            fallback = "a season of " + season + " steps is longer than " + MAX_SEASON + " (too many seasonal "
                    + "states to fit; R's ets refuses it too): non-seasonal forms only";
            seasonal = false;
        } else if (seasonal && trainEnd < 2 * season + 4) {
            fallback = "training period shorter than 2 seasons + 4 steps: non-seasonal forms only";
            seasonal = false;
        }
        ExponentialSmoothing fit = select(Arrays.copyOf(y, trainEnd), season, seasonal);
        if (fit == null) {
            return null;
        }
        return new Baseline(new Fitted(fit.form().name(), fit.aic(), fit.aicc(), fallback),
                fit.forecasts(y, origins, horizon));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Recursions (etscalc.c). The seasonal states live in a ring: ring[pos] is s_{t-m}, the oldest.

    private static final class State {
        double l;
        double b;
        final double[] ring;
        int pos;

        State(double[] x0, Form f, int m) {
            l = x0[0];
            b = f.trended() ? x0[1] : 0;
            ring = new double[m];
            if (f.seasonal()) {
                int off = f.trended() ? 2 : 1;
                for (int k = 0; k < m; k++) {
                    ring[m - 1 - k] = x0[off + k];
                }
            }
        }
    }

    /** The next h forecasts from state st (ets's forecast()): f[i] for i steps after the next. */
    private static void forecast(State st, Form f, int m, double phi, double[] out, int h) {
        double phistar = phi;
        for (int i = 0; i < h; i++) {
            double v = f.trended() ? st.l + phistar * st.b : st.l;
            if (f.season() == 'A') {
                v += st.ring[(st.pos + i) % m];
            } else if (f.season() == 'M') {
                v *= st.ring[(st.pos + i) % m];
            }
            out[i] = v;
            if (i < h - 1) {
                phistar += Math.abs(phi - 1) < TOL ? 1 : Math.pow(phi, i + 1);
            }
        }
    }

    /** ets's update(): the state after observing y (error-correction form, the same for both error types). */
    private static void update(State st, Form f, int m, double alpha, double beta, double gamma, double phi,
                               double y) {
        double oldl = st.l;
        double phib = f.trended() ? phi * st.b : 0;
        double q = oldl + phib;
        double olds = f.seasonal() ? st.ring[st.pos] : 0;
        double p;
        if (f.season() == 'N') {
            p = y;
        } else if (f.season() == 'A') {
            p = y - olds;
        } else {
            p = Math.abs(olds) < TOL ? HUGEN : y / olds;
        }
        st.l = q + alpha * (p - q);
        if (f.trended()) {
            double r = st.l - oldl;
            st.b = phib + (beta / alpha) * (r - phib);
        }
        if (f.seasonal()) {
            double t;
            if (f.season() == 'A') {
                t = y - q;
            } else {
                t = Math.abs(q) < TOL ? HUGEN : y / q;
            }
            st.ring[st.pos] = olds + gamma * (t - olds);
            st.pos = (st.pos + 1) % m;
        }
    }

    /** ets's likelihood of y[0, n) from x0: n log(SSE) (+ 2 sum log|forecast| with multiplicative errors). */
    static double likelihood(double[] y, int n, Form f, int m, double alpha, double beta, double gamma,
                             double phi, double[] x0) {
        State st = new State(x0, f, m);
        double[] one = new double[1];
        double sse = 0;
        double logs = 0;
        for (int t = 0; t < n; t++) {
            forecast(st, f, m, phi, one, 1);
            double e = f.error() == 'A' ? y[t] - one[0] : (y[t] - one[0]) / one[0];
            sse += e * e;
            logs += Math.log(Math.abs(one[0]));
            update(st, f, m, alpha, beta, gamma, phi, y[t]);
        }
        double lik = n * Math.log(sse);
        if (f.error() == 'M') {
            lik += 2 * logs;
        }
        if (lik < -1e10) {
            lik = -1e10; // ets: avoid perfect fits
        }
        return Double.isNaN(lik) ? Double.POSITIVE_INFINITY : lik;
    }

    /**
     * Forecasts from each origin: for every origin o in {@code origins}, the state after filtering y[0, o) with
     * the fixed parameters, and its next h forecasts. Origins must be ascending; y must reach the last origin.
     *
     * @return forecasts[i][k]: the forecast of y[origins[i] + k]
     */
    public double[][] forecasts(double[] y, int[] origins, int h) {
        State st = new State(initial, form, m);
        double[][] out = new double[origins.length][h];
        int t = 0;
        for (int i = 0; i < origins.length; i++) {
            while (t < origins[i]) {
                update(st, form, m, alpha, beta, gamma, phi, y[t++]);
            }
            forecast(st, form, m, phi, out[i], h);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fitting (etsmodel in ets.R, EtsTargetFunction in etsTargetFunction.cpp)

    /**
     * Fits one form on y[0, n): smoothing parameters (within ets's default bounds and admissible) and the
     * initial states by maximum likelihood.
     *
     * @return null when there is too little data for the form (ets: as many parameters as observations - 1)
     */
    public static ExponentialSmoothing fit(double[] y, int m, Form f) {
        int n = y.length;
        int period = f.seasonal() ? m : 1;
        double[] state = initState(y, f, period);
        int nPar = 1 + (f.trended() ? 1 : 0) + (f.seasonal() ? 1 : 0) + (f.damped() ? 1 : 0); // alpha beta gamma phi
        double[] start = new double[nPar + state.length];
        double[] params = initParams(f, period);
        System.arraycopy(params, 0, start, 0, nPar);
        System.arraycopy(state, 0, start, nPar, state.length);
        if (start.length >= n - 1) {
            return null;
        }
        Target target = new Target(y, f, period, nPar);
        double[] best = start.clone();
        double bestValue = nelderMead(target::value, best, MAX_EVAL);
        if (!Double.isFinite(bestValue) || bestValue >= BIG) {
            return null;
        }
        Target.Decoded d = target.decode(best);
        int k = best.length + 1; // ets: estimated parameters, free initial states and the variance
        return new ExponentialSmoothing(f, period, d.alpha, d.beta, d.gamma, d.phi, d.state, bestValue, k, n);
    }

    /**
     * The form with the lowest AICc among the candidates ets's "ZZZ" tries (no multiplicative trend, no additive
     * error with a multiplicative season, multiplicative parts only for strictly positive data), seasonal ones
     * only when {@code seasonal}.
     *
     * @return null when no form could be fitted
     */
    public static ExponentialSmoothing select(double[] y, int m, boolean seasonal) {
        boolean positive = Arrays.stream(y).allMatch(v -> v > 0);
        ExponentialSmoothing best = null;
        for (Form f : candidates(seasonal && m > 1, positive)) {
            ExponentialSmoothing fit = fit(y, m, f);
            if (fit != null && Double.isFinite(fit.aicc()) && (best == null || fit.aicc() < best.aicc())) {
                best = fit;
            }
        }
        return best;
    }

    static List<Form> candidates(boolean seasonal, boolean positive) {
        List<Form> out = new ArrayList<>();
        for (char error : positive ? new char[]{'A', 'M'} : new char[]{'A'}) {
            for (char trend : new char[]{'N', 'A'}) {
                for (char season : !seasonal ? new char[]{'N'} : positive ? new char[]{'N', 'A', 'M'}
                        : new char[]{'N', 'A'}) {
                    if (error == 'A' && season == 'M') {
                        continue;
                    }
                    for (boolean damped : trend == 'N' ? new boolean[]{false} : new boolean[]{false, true}) {
                        out.add(new Form(error, trend, damped, season));
                    }
                }
            }
        }
        return out;
    }

    /** ets's initparam: starting smoothing parameters inside the default bounds. */
    private static double[] initParams(Form f, int m) {
        double[] p = new double[4];
        int i = 0;
        double alpha = LOWER[0] + 0.2 * (UPPER[0] - LOWER[0]) / m;
        if (alpha > 1 || alpha < 0) {
            alpha = LOWER[0] + 2e-3;
        }
        p[i++] = alpha;
        if (f.trended()) {
            double beta = LOWER[1] + 0.1 * (Math.min(UPPER[1], alpha) - LOWER[1]);
            if (beta < 0 || beta > alpha) {
                beta = alpha - 1e-3;
            }
            p[i++] = beta;
        }
        if (f.seasonal()) {
            double gamma = LOWER[2] + 0.05 * (Math.min(UPPER[2], 1 - alpha) - LOWER[2]);
            if (gamma < 0 || gamma > 1 - alpha) {
                gamma = 1 - alpha - 1e-3;
            }
            p[i++] = gamma;
        }
        if (f.damped()) {
            double phi = LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]);
            if (phi < 0 || phi > 1) {
                phi = UPPER[3] - 1e-3;
            }
            p[i++] = phi;
        }
        return Arrays.copyOf(p, i);
    }

    /**
     * ets's initstate: level (and trend) from a regression on the first max(10, 2m) seasonally adjusted points;
     * the m - 1 free seasonal states from a classical decomposition (a trend + one Fourier pair regression when
     * there are fewer than 3 seasons). The m-th seasonal state is implied (additive: sum 0, multiplicative: sum m).
     */
    static double[] initState(double[] y, Form f, int m) {
        int n = y.length;
        double[] ysa = y.clone();
        double[] initSeas = new double[0];
        if (f.seasonal()) {
            double[] seasonal = n < 3 * m ? fourierSeasonal(y, m, f.season()) : decompose(y, m, f.season());
            initSeas = new double[m - 1];
            for (int k = 0; k < m - 1; k++) {
                initSeas[k] = seasonal[m - 1 - k]; // rev(seasonal[2:m])
            }
            if (f.season() == 'A') {
                for (int t = 0; t < n; t++) {
                    ysa[t] = y[t] - seasonal[t];
                }
            } else {
                double sum = 0;
                for (int k = 0; k < initSeas.length; k++) {
                    initSeas[k] = Math.max(initSeas[k], 1e-2);
                    sum += initSeas[k];
                }
                if (sum > m) {
                    for (int k = 0; k < initSeas.length; k++) {
                        initSeas[k] /= sum + 1e-2 * initSeas.length;
                    }
                }
                for (int t = 0; t < n; t++) {
                    ysa[t] = y[t] / Math.max(seasonal[t], 1e-2);
                }
            }
        }
        int maxn = Math.min(Math.max(10, 2 * m), n);
        double l0;
        double b0 = 0;
        if (!f.trended()) {
            double s = 0;
            for (int t = 0; t < maxn; t++) {
                s += ysa[t];
            }
            l0 = s / maxn;
        } else {
            // lsfit(1:maxn, ysa[1:maxn])
            double mx = (maxn + 1) / 2.0;
            double my = 0;
            for (int t = 0; t < maxn; t++) {
                my += ysa[t];
            }
            my /= maxn;
            double sxy = 0;
            double sxx = 0;
            for (int t = 0; t < maxn; t++) {
                sxy += (t + 1 - mx) * (ysa[t] - my);
                sxx += (t + 1 - mx) * (t + 1 - mx);
            }
            b0 = sxy / sxx;
            l0 = my - b0 * mx;
            if (Math.abs(l0 + b0) < 1e-8) {
                l0 *= 1 + 1e-3;
                b0 *= 1 - 1e-3;
            }
        }
        double[] x = new double[1 + (f.trended() ? 1 : 0) + initSeas.length];
        x[0] = l0;
        if (f.trended()) {
            x[1] = b0;
        }
        System.arraycopy(initSeas, 0, x, x.length - initSeas.length, initSeas.length);
        return x;
    }

    /** R's decompose(): seasonal component of a centred moving-average decomposition, one value per step. */
    static double[] decompose(double[] y, int m, char type) {
        int n = y.length;
        double[] w = new double[m % 2 == 0 ? m + 1 : m];
        Arrays.fill(w, 1.0 / m);
        if (m % 2 == 0) {
            w[0] = w[m] = 0.5 / m;
        }
        int half = w.length / 2;
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = half; t < n - half; t++) {
            double trend = 0;
            for (int j = 0; j < w.length; j++) {
                trend += w[j] * y[t - half + j];
            }
            sum[t % m] += type == 'A' ? y[t] - trend : y[t] / trend;
            count[t % m]++;
        }
        double[] figure = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            figure[i] = sum[i] / count[i];
            mean += figure[i] / m;
        }
        double[] seasonal = new double[n];
        for (int t = 0; t < n; t++) {
            seasonal[t] = type == 'A' ? figure[t % m] - mean : figure[t % m] / mean;
        }
        return seasonal;
    }

    /** ets's short-series start: y over (additive) or minus (multiplicative) a trend fitted with one Fourier pair. */
    static double[] fourierSeasonal(double[] y, int m, char type) {
        int n = y.length;
        boolean sine = m > 2; // with m = 2 the sine term is zero at every step (fourier() drops it)
        double[][] x = new double[n][sine ? 3 : 2];
        for (int t = 0; t < n; t++) {
            double a = 2 * Math.PI * (t + 1) / m;
            int c = 0;
            x[t][c++] = t + 1;
            if (sine) {
                x[t][c++] = Math.sin(a);
            }
            x[t][c] = Math.cos(a);
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] beta = ols.estimateRegressionParameters();
        double[] seasonal = new double[n];
        for (int t = 0; t < n; t++) {
            double trend = beta[0] + beta[1] * (t + 1);
            seasonal[t] = type == 'A' ? y[t] - trend : y[t] / trend;
        }
        return seasonal;
    }

    /** ets's objective: the likelihood, +Inf outside the usual bounds or the admissible region. */
    private static final class Target {
        private final double[] y;
        private final Form f;
        private final int m;
        private final int nPar;

        Target(double[] y, Form f, int m, int nPar) {
            this.y = y;
            this.f = f;
            this.m = m;
            this.nPar = nPar;
        }

        record Decoded(double alpha, double beta, double gamma, double phi, double[] state) {
        }

        Decoded decode(double[] par) {
            int i = 0;
            double alpha = par[i++];
            double beta = f.trended() ? par[i++] : 0;
            double gamma = f.seasonal() ? par[i++] : 0;
            double phi = f.damped() ? par[i++] : 1;
            int nState = par.length - nPar;
            double[] state = Arrays.copyOfRange(par, nPar, par.length + (f.seasonal() ? 1 : 0));
            if (f.seasonal()) {
                double sum = 0;
                for (int k = f.trended() ? 2 : 1; k < nState; k++) {
                    sum += state[k];
                }
                state[nState] = (f.season() == 'M' ? m : 0) - sum;
            }
            return new Decoded(alpha, beta, gamma, phi, state);
        }

        double value(double[] par) {
            Decoded d = decode(par);
            if (!usual(d) || !admissible(d)) {
                return Double.POSITIVE_INFINITY;
            }
            if (f.season() == 'M') {
                for (int k = f.trended() ? 2 : 1; k < d.state.length; k++) {
                    if (d.state[k] < 0) {
                        return Double.POSITIVE_INFINITY;
                    }
                }
            }
            return likelihood(y, y.length, f, m, d.alpha, d.beta, d.gamma, d.phi, d.state);
        }

        /** check_params with bounds = "usual" (ets's default "both" checks these and admissibility). */
        private boolean usual(Decoded d) {
            if (d.alpha < LOWER[0] || d.alpha > UPPER[0]) {
                return false;
            }
            if (f.trended() && (d.beta < LOWER[1] || d.beta > d.alpha || d.beta > UPPER[1])) {
                return false;
            }
            if (f.damped() && (d.phi < LOWER[3] || d.phi > UPPER[3])) {
                return false;
            }
            return !f.seasonal() || !(d.gamma < LOWER[2] || d.gamma > 1 - d.alpha || d.gamma > UPPER[2]);
        }

        /** admissible() of etsTargetFunction.cpp: the forecast variance stays bounded (Hyndman et al. ch. 10). */
        private boolean admissible(Decoded d) {
            double alpha = d.alpha;
            double beta = d.beta;
            double gamma = d.gamma;
            double phi = d.phi;
            if (phi < 0 || phi > 1 + 1e-8) {
                return false;
            }
            if (!f.seasonal()) {
                if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) {
                    return false;
                }
                return !f.trended() || !(beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha));
            }
            if (m <= 1) {
                return true;
            }
            double dd = 1 - 1 / phi - alpha;
            if (gamma < Math.max(dd, 0) || gamma > 1 + 1 / phi - alpha) {
                return false;
            }
            if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) {
                return false;
            }
            if (beta < -(1 - phi) * (gamma / m + alpha)) {
                return false;
            }
            // The characteristic equation (ets's P <- c(phi(1-alpha-gamma), alpha+beta-alpha phi+gamma-1,
            // rep(alpha+beta-alpha phi, m-2), alpha+beta-phi, 1), increasing powers): every root of modulus at most
            // 1 + 1e-10, as ets checks with polyroot.
            double[] p = new double[m + 2];
            p[0] = phi * (1 - alpha - gamma);
            p[1] = alpha + beta - alpha * phi + gamma - 1;
            for (int i = 2; i < m; i++) {
                p[i] = alpha + beta - alpha * phi;
            }
            p[m] = alpha + beta - phi;
            p[m + 1] = 1;
            return rootsWithin(p, 1 + 1e-10);
        }
    }

    /**
     * Whether every root of the polynomial sum p[i] z^i lies inside the circle of the given radius: the
     * Schur-Cohn step-down test (Jury 1964) on p(radius z), a few multiplications where a root finder iterates.
     */
    static boolean rootsWithin(double[] coefficients, double radius) {
        double[] p = coefficients.clone();
        double r = 1;
        for (int i = 0; i < p.length; i++) {
            p[i] *= r;
            r *= radius;
        }
        for (int n = p.length - 1; n > 0; n--) {
            double lead = p[n];
            double c0 = p[0];
            if (Math.abs(c0) >= Math.abs(lead)) {
                return false;
            }
            double k = c0 / lead; // divided by the leading coefficient: the products would underflow
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                q[i] = p[i + 1] - k * p[n - 1 - i];
            }
            p = q;
        }
        return true;
    }

    /**
     * Nelder-Mead as ets runs it: Nash (1990), <i>Compact Numerical Methods for Computers</i>, algorithm 19, the
     * version in R's optim (src/appl/optim.c nmmin) that ets calls with reflection 1, contraction 0.5, expansion 2,
     * relative tolerance sqrt(machine epsilon) and at most {@code maxEval} evaluations. Commons Math's simplex
     * differs in its start simplex and stopping rule, and on the airline series stopped at likelihoods 4-12 worse
     * than ets's and chose another model; this one reproduces ets's fits.
     *
     * @param x the start, replaced by the best point found
     * @return the objective at the best point
     */
    static double nelderMead(java.util.function.ToDoubleFunction<double[]> fn, double[] x, int maxEval) {
        int n = x.length;
        double f = fn.applyAsDouble(x);
        if (!Double.isFinite(f)) {
            return Double.POSITIVE_INFINITY;
        }
        double convtol = 1.490116119384765625e-8 * (Math.abs(f) + 1.490116119384765625e-8);
        int n1 = n + 1;
        double[][] p = new double[n1][]; // vertices
        double[] v = new double[n1];     // their values
        p[0] = x.clone();
        v[0] = f;
        double step = 0;
        for (double xi : x) {
            step = Math.max(step, 0.1 * Math.abs(xi));
        }
        if (step == 0) {
            step = 0.1;
        }
        double size = 0;
        for (int j = 1; j < n1; j++) {
            p[j] = x.clone();
            double tryStep = step;
            while (p[j][j - 1] == x[j - 1]) {
                p[j][j - 1] = x[j - 1] + tryStep;
                tryStep *= 10;
            }
            size += tryStep;
        }
        double oldSize = size;
        int count = 1;
        int low = 0;
        boolean calcVertices = true;
        double[] centroid = new double[n];
        double[] trial = new double[n];
        do {
            if (calcVertices) {
                for (int j = 0; j < n1; j++) {
                    if (j != low) {
                        v[j] = finite(fn.applyAsDouble(p[j]));
                        count++;
                    }
                }
                calcVertices = false;
            }
            double vl = v[low];
            double vh = vl;
            int high = low;
            for (int j = 0; j < n1; j++) {
                if (j != low) {
                    if (v[j] < vl) {
                        low = j;
                        vl = v[j];
                    }
                    if (v[j] > vh) {
                        high = j;
                        vh = v[j];
                    }
                }
            }
            if (vh <= vl + convtol) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double t = -p[high][i];
                for (int j = 0; j < n1; j++) {
                    t += p[j][i];
                }
                centroid[i] = t / n;
            }
            for (int i = 0; i < n; i++) {
                trial[i] = 2 * centroid[i] - p[high][i]; // reflection, coefficient 1
            }
            double vr = finite(fn.applyAsDouble(trial));
            count++;
            if (vr < vl) {
                double[] reflected = trial.clone();
                for (int i = 0; i < n; i++) {
                    trial[i] = 2 * reflected[i] - centroid[i]; // expansion, coefficient 2
                }
                double fe = finite(fn.applyAsDouble(trial));
                count++;
                if (fe < vr) {
                    p[high] = trial.clone();
                    v[high] = fe;
                } else {
                    p[high] = reflected;
                    v[high] = vr;
                }
            } else {
                if (vr < vh) {
                    p[high] = trial.clone();
                    v[high] = vr;
                }
                for (int i = 0; i < n; i++) {
                    trial[i] = 0.5 * p[high][i] + 0.5 * centroid[i]; // contraction, coefficient 0.5
                }
                double fc = finite(fn.applyAsDouble(trial));
                count++;
                if (fc < v[high]) {
                    p[high] = trial.clone();
                    v[high] = fc;
                } else if (vr >= vh) {
                    calcVertices = true; // shrink towards the best vertex
                    size = 0;
                    for (int j = 0; j < n1; j++) {
                        if (j != low) {
                            for (int i = 0; i < n; i++) {
                                p[j][i] = 0.5 * (p[j][i] - p[low][i]) + p[low][i];
                                size += Math.abs(p[j][i] - p[low][i]);
                            }
                        }
                    }
                    if (size >= oldSize) {
                        break; // the simplex no longer shrinks
                    }
                    oldSize = size;
                }
            }
        } while (count <= maxEval);
        System.arraycopy(p[low], 0, x, 0, n);
        return v[low];
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : BIG;
    }
}
