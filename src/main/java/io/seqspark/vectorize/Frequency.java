package io.seqspark.vectorize;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import java.io.Serializable;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * The step of a regular series (sequence.frequency): calendar months, a fixed duration (measured on the wall clock
 * of the session time zone, so a day is always 24 hours), or a plain number for numeric step times.
 *
 * @param months calendar months per step, or 0
 * @param micros microseconds per step, or 0
 * @param number the step of numeric times, or 0
 */
public record Frequency(int months, long micros, double number) implements Serializable {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    public boolean calendar() {
        return months > 0;
    }

    public boolean numeric() {
        return number > 0;
    }

    @Override
    public String toString() {
        if (calendar()) {
            return plural(months, "month");
        }
        if (numeric()) {
            return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
        }
        Duration d = Duration.ofNanos(micros * 1000);
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            long h = d.toHours();
            return h % 24 == 0 ? plural(h / 24, "day") : plural(h, "hour");
        }
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return plural(d.toMinutes(), "minute");
        }
        return d.toString();
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /**
     * Typesafe config's duration (1h, 15 minutes, 1d) and period (1w, 1mo, 1y) forms, ISO-8601 (PT1H, P1D, P1M), or
     * a positive number.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static Frequency parse(String text) {
        String s = text.trim();
        try {
            // BigDecimal, not Double.parseDouble, which reads "1d" as the number 1.
            double n = new java.math.BigDecimal(s).doubleValue();
            if (n > 0 && Double.isFinite(n)) {
                return new Frequency(0, 0, n);
            }
            throw invalid(text);
        } catch (NumberFormatException notANumber) {
            // a duration or period
        }
        if (s.startsWith("P")) {
            try {
                return s.contains("T") ? of(Duration.parse(s), text) : of(Period.parse(s), text);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Config c = ConfigFactory.empty().withValue("f", ConfigValueFactory.fromAnyRef(s));
        try {
            return of(c.getDuration("f"), text);
        } catch (ConfigException.BadValue notADuration) {
            try {
                return of(c.getPeriod("f"), text);
            } catch (ConfigException.BadValue e) {
                throw invalid(text);
            }
        }
    }

    private static Frequency of(Duration d, String text) {
        if (d.isNegative() || d.isZero() || d.toNanos() % 1000 != 0) {
            throw invalid(text);
        }
        return new Frequency(0, d.toNanos() / 1000, 0);
    }

    private static Frequency of(Period p, String text) {
        if (p.isNegative() || p.isZero() || (p.toTotalMonths() != 0 && p.getDays() != 0)) {
            throw invalid(text);
        }
        return p.getDays() != 0 ? new Frequency(0, p.getDays() * MICROS_PER_DAY, 0)
                : new Frequency((int) p.toTotalMonths(), 0, 0);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("expected a positive step such as 1h, 15 minutes, 1d, 1w, 1mo (months; "
                + "1m is a minute), 1y, PT1H, P1M or a number, found \"" + text + "\"");
    }
}
