package io.seqspark.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReportFilesTest {

    @Test
    void aSectionKeepsItsKeysInTheOrderGiven() {
        Map<String, Object> s = ReportFiles.section("patience", 3, "metric", "validation_loss", "best_epoch", 7,
                "stopped_early", true, "a", null);
        assertEquals(List.of("patience", "metric", "best_epoch", "stopped_early", "a"), List.copyOf(s.keySet()));
        assertEquals(7, s.get("best_epoch"));
        assertEquals(null, s.get("a"));
    }

    @Test
    void keysWithoutValuesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportFiles.section("patience", 3, "metric"));
        assertEquals("keys and values come in pairs: 3", e.getMessage());
    }
}
