package io.seqspark.config;

import io.seqspark.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backtest section: off by default, forecast only, refit = none or every-origin. */
class BacktestConfigTest {
    private static final String CONF = "conf/airline-passengers.conf";

    @Test
    void offByDefaultAndReadWhenSet() {
        assertFalse(ConfigLoader.load(CONF, List.of()).backtestSpec().enabled());
        JobConfig.BacktestSpec b = ConfigLoader.load(CONF, List.of("backtest.origins=6", "backtest.step=2"))
                .backtestSpec();
        assertEquals(new JobConfig.BacktestSpec(6, 2, Refit.NONE), b);
        assertTrue(b.enabled());
        assertFalse(b.refits());
        assertTrue(ConfigLoader.load(CONF, List.of("backtest.origins=2", "backtest.refit=every-origin"))
                .backtestSpec().refits());
    }

    @Test
    void badValuesAreOneErrorNamingTheKey() {
        for (String[] bad : new String[][]{
                {"backtest.origins=-1", "backtest.origins: expected a whole number"},
                {"backtest.step=0", "backtest.step: expected a whole number"},
                {"backtest.refit=sometimes", "backtest.refit: expected one of every-origin | none, found \"sometimes\""}}) {
            UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(CONF, List.of(bad[0])), bad[0]);
            assertTrue(e.getMessage().startsWith("invalid configuration: " + bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void forecastOnly() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null, List.of("backtest.origins=3")));
        assertEquals("invalid configuration: backtest.origins: applies to task = forecast only (found task = "
                + "classification); set it to 0", e.getMessage());
    }
}
