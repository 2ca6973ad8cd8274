package io.seqspark.config;

import io.seqspark.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sequence.future-columns, static-columns and calendar: forecast only, validated, in the step layout. */
class CovariateConfigTest {
    private static final String CONF = "conf/daily-min-temperatures.conf";

    @Test
    void noneByDefault() {
        JobConfig c = ConfigLoader.load("conf/airline-passengers.conf", List.of());
        assertEquals(List.of(), c.forecast().futureColumnList());
        assertEquals(List.of(), c.forecast().staticColumnList());
        assertEquals(List.of(), c.forecast().calendarFeatures());
        assertEquals(List.of("Passengers"), c.sequence().featureColumns());
        assertEquals(List.of("day-of-year"), ConfigLoader.load(CONF, List.of()).forecast().calendarFeatures(),
                "the daily temperatures config's");
    }

    @Test
    void futureAndStaticColumnsFollowTheCovariates() {
        JobConfig c = ConfigLoader.load(CONF, List.of("sequence.feature-columns=[rain]",
                "sequence.future-columns=[holiday, promo]", "sequence.static-columns=[size]",
                "sequence.calendar=[month, day-of-week]"));
        assertEquals(List.of("Temp", "rain", "holiday", "promo", "size"), c.sequence().featureColumns());
        assertEquals(List.of("holiday", "promo"), c.forecast().futureColumnList());
        assertEquals(List.of("size"), c.forecast().staticColumnList());
        assertEquals(List.of("month", "day-of-week"), c.forecast().calendarFeatures());
    }

    @Test
    void badValuesAreOneErrorNamingTheKey() {
        for (String[] bad : new String[][]{
                {"sequence.future-columns=[Temp]", "sequence.future-columns: column 'Temp' is in "
                        + "sequence.target-columns too; a target is what the model forecasts, not a covariate; remove "
                        + "it from sequence.future-columns"},
                {"sequence.static-columns=[Temp]", "sequence.static-columns: column 'Temp' is in "
                        + "sequence.target-columns too"},
                {"sequence.future-columns=[promo, promo]", "sequence.future-columns: lists column 'promo' twice"},
                {"sequence.calendar=[month, season]", "sequence.calendar: unknown calendar feature 'season'; expected "
                        + "some of month, day-of-week, day-of-month, day-of-year, week-of-year, hour, minute"},
                {"sequence.calendar=[hour, hour]", "sequence.calendar: lists 'hour' twice"},
                {"sequence.future-columns=promo", "sequence.future-columns: expected a list of strings like [a, b]"}}) {
            UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(CONF, List.of(bad[0])), bad[0]);
            assertTrue(e.getMessage().startsWith("invalid configuration: " + bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void aColumnIsAPastCovariateKnownAheadOrStaticNotTwo() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(CONF,
                List.of("sequence.feature-columns=[promo]", "sequence.future-columns=[promo]")));
        assertTrue(e.getMessage().startsWith("invalid configuration: sequence.future-columns: column 'promo' is in "
                + "sequence.feature-columns too; list it in one of them"), e.getMessage());
        UserError both = assertThrows(UserError.class, () -> ConfigLoader.load(CONF,
                List.of("sequence.future-columns=[size]", "sequence.static-columns=[size]")));
        assertTrue(both.getMessage().contains("sequence.future-columns: column 'size' is in sequence.static-columns "
                + "too"), both.getMessage());
    }

    @Test
    void forecastOnly() {
        for (String key : List.of("sequence.future-columns", "sequence.static-columns", "sequence.calendar")) {
            UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of(key + "=[month]")));
            assertEquals("invalid configuration: " + key + ": applies to task = forecast only (found task = "
                    + "classification); unset it", e.getMessage());
        }
    }
}
