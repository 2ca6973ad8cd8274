package io.seqspark.config;

import io.seqspark.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** model.quantiles: forecast only, levels strictly inside (0, 1), ascending and distinct. */
class QuantileConfigTest {
    private static final String CONF = "conf/daily-min-temperatures.conf";

    @Test
    void pointForecastsByDefault() {
        JobConfig c = ConfigLoader.load(CONF, List.of());
        assertEquals(List.of(), c.forecast().quantileLevels());
        assertFalse(c.forecast().probabilistic());
        assertEquals(1, c.forecast().outputsPerValue());
    }

    @Test
    void levelsAreRead() {
        JobConfig c = ConfigLoader.load(CONF, List.of("model.quantiles=[0.1,0.5,0.9]"));
        assertEquals(List.of(0.1, 0.5, 0.9), c.forecast().quantileLevels());
        assertTrue(c.forecast().probabilistic());
        assertEquals(3, c.forecast().outputsPerValue());
    }

    @Test
    void badLevelsAreOneErrorNamingTheKey() {
        for (String[] bad : new String[][]{
                {"[0.9, 0.1]", "model.quantiles: expected distinct levels in ascending order, like [0.1, 0.5, 0.9], "
                        + "found [0.9, 0.1]"},
                {"[0.1, 0.1]", "model.quantiles: expected distinct levels in ascending order"},
                {"[0, 0.5]", "model.quantiles: expected levels strictly between 0 and 1, like [0.1, 0.5, 0.9], "
                        + "found 0.0 in [0.0, 0.5]"},
                {"[0.5, 1]", "model.quantiles: expected levels strictly between 0 and 1"},
                {"[10, 50, 90]", "model.quantiles: expected levels strictly between 0 and 1"},
                {"[-0.1]", "model.quantiles: expected levels strictly between 0 and 1"},
                {"0.5", "model.quantiles: expected a list of numbers like [0.1, 0.5, 0.9], found 0.5"},
                {"[low, high]", "model.quantiles: expected a list of numbers like [0.1, 0.5, 0.9], found [\"low\",\"high\"]"}}) {
            UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(CONF,
                    List.of("model.quantiles=" + bad[0])), bad[0]);
            assertTrue(e.getMessage().startsWith("invalid configuration: " + bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void forecastOnly() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(null,
                List.of("model.quantiles=[0.1, 0.9]")));
        assertEquals("invalid configuration: model.quantiles: applies to task = forecast only (found task = "
                + "classification); unset it", e.getMessage());
        // The default, an empty list, is accepted for any task.
        assertEquals(TaskType.CLASSIFICATION, ConfigLoader.load(null, List.of("model.quantiles=[]")).task());
    }
}
