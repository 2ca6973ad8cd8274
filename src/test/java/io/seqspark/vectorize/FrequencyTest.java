package io.seqspark.vectorize;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrequencyTest {
    private static final long HOUR = 3_600_000_000L;

    @Test
    void durationsPeriodsAndNumbers() {
        assertEquals(new Frequency(0, HOUR, 0), Frequency.parse("1h"));
        assertEquals(new Frequency(0, HOUR / 4, 0), Frequency.parse("15 minutes"));
        assertEquals(new Frequency(0, 24 * HOUR, 0), Frequency.parse("1d"));
        assertEquals(new Frequency(0, 7 * 24 * HOUR, 0), Frequency.parse("1w"));
        assertEquals(new Frequency(1, 0, 0), Frequency.parse("1mo"));
        assertEquals(new Frequency(1, 0, 0), Frequency.parse("P1M"));
        assertEquals(new Frequency(12, 0, 0), Frequency.parse("1y"));
        assertEquals(new Frequency(0, HOUR, 0), Frequency.parse("PT1H"));
        assertEquals(new Frequency(0, HOUR / 60, 0), Frequency.parse("1m"), "m is a minute, as in Typesafe config");
        assertEquals(new Frequency(0, 0, 0.5), Frequency.parse("0.5"));
        assertEquals("1 month", Frequency.parse("1mo").toString());
        assertEquals("7 days", Frequency.parse("1w").toString());
        assertEquals("15 minutes", Frequency.parse("15 minutes").toString());
        assertEquals("1 hour", Frequency.parse("PT1H").toString());
    }

    @Test
    void nonsenseIsRejected() {
        for (String s : new String[]{"1M", "0", "-1d", "P1M2D", "fortnightly", "PT0S"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Frequency.parse(s), s);
            assertEquals(true, e.getMessage().contains("found \"" + s + "\""), e.getMessage());
        }
    }
}
