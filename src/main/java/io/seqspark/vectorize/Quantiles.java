package io.seqspark.vectorize;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of quantile forecasts (model.quantiles). The network's output row holds, for forecast step k, target
 * j and level index l, the value at {@code (k * targets + j) * levels + l}: the levels of one value are consecutive
 * and ascending (with one level, or point forecasts, this is the point layout {@code k * targets + j}).
 */
public final class Quantiles {
    /** Levels summing to 1 within this count as the two ends of a central interval (0.1 + 0.9 in binary). */
    private static final double SYMMETRY = 1e-9;

    private Quantiles() {
    }

    /** The point forecast of ascending quantile values: the 0.5 level, else the middle one (mean of two). */
    public static double median(List<Double> levels, float[] values) {
        int m = levels.indexOf(0.5);
        if (m >= 0) {
            return values[m];
        }
        int n = levels.size();
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + (double) values[n / 2]) / 2;
    }

    /** What the point forecast is, for reports. */
    public static String medianDescription(List<Double> levels) {
        if (levels.contains(0.5)) {
            return "the 0.5 quantile";
        }
        int n = levels.size();
        return n % 2 == 1 ? "the middle quantile, " + label(levels.get(n / 2))
                : "the mean of the middle quantiles " + label(levels.get(n / 2 - 1)) + " and " + label(levels.get(n / 2));
    }

    /** Pairs of level indices (lower, upper) whose levels sum to 1: the central intervals, widest first. */
    public static List<int[]> centralIntervals(List<Double> levels) {
        List<int[]> out = new ArrayList<>();
        for (int lo = 0, hi = levels.size() - 1; lo < hi; lo++) {
            while (hi > lo && levels.get(lo) + levels.get(hi) > 1 + SYMMETRY) {
                hi--;
            }
            if (hi > lo && Math.abs(levels.get(lo) + levels.get(hi) - 1) <= SYMMETRY) {
                out.add(new int[]{lo, hi});
                hi--;
            }
        }
        return out;
    }

    /** A level as written in column names and reports: 0.1, 0.05, 0.5 (no trailing zeros, no exponent). */
    public static String label(double level) {
        return BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }

    /** predict's column for one level of one target: {@code <target>_q<level>}, e.g. Temp_q0.1. */
    public static String column(String target, double level) {
        return target + "_q" + label(level);
    }
}
