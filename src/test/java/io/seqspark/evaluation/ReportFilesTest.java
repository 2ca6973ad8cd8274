package io.seqspark.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void htmlEscapesWhatUsersWrote() {
        // Job names, class labels and generated text come from users' files: markup in them must stay text.
        Map<String, Object> report = ReportFiles.section("job", "<script>x</script>", "run_id", "a&b", "task",
                "classification", "status", "succeeded",
                "data", ReportFiles.section("train_examples", 1, "validation_examples", 0, "test_examples", 1),
                "model", ReportFiles.section("cell", "lstm", "units", List.of(4), "parameters", 10),
                "metrics", ReportFiles.section("test", ReportFiles.section("examples", 1, "accuracy", 1.0)),
                "text", ReportFiles.section("sample", ReportFiles.section("temperature", 0.8, "text", "\"Tom\" <i>")));
        String html = HtmlReport.render(report);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt; / a&amp;b"), html);
        assertTrue(html.contains("&quot;Tom&quot; &lt;i&gt;"), html);
        assertFalse(html.contains("<script>") || html.contains("<i>"), html);
    }
}
