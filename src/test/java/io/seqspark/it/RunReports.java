package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks on a finished run directory shared by the end-to-end tests. */
final class RunReports {
    private RunReports() {
    }

    /** Asserts the run layout, the common report.json keys and the classification metrics; returns the report. */
    static JsonNode completeClassificationRun(Path runDir) throws IOException {
        JsonNode r = completeRun(runDir);
        JsonNode test = r.get("metrics").get("test");
        for (String key : List.of("accuracy", "f1_macro", "per_class", "confusion_matrix")) {
            assertTrue(test.has(key), "metrics.test lacks " + key);
        }
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("Confusion matrix"));
        return r;
    }

    /** The same for forecasting: rmse, mae, smape, mase for the model and the naive baseline. */
    static JsonNode completeForecastRun(Path runDir) throws IOException {
        JsonNode r = completeRun(runDir);
        assertEquals("forecast", r.get("task").asText());
        for (JsonNode m : List.of(r.get("metrics").get("test"), r.get("baselines").get("naive"))) {
            for (String key : List.of("rmse", "mae", "smape", "mase")) {
                assertTrue(m.get(key).isNumber(), key + " in " + m);
            }
        }
        String html = Files.readString(runDir.resolve("report.html"));
        assertTrue(html.contains("Forecast vs actual") && html.split("<svg").length == 3, "loss and forecast charts");
        return r;
    }

    /** Asserts the run layout and the report.json keys of INTERFACE.md that every task has. */
    private static JsonNode completeRun(Path runDir) throws IOException {
        for (String f : List.of("_SUCCESS", "report.json", "report.html", "model/network.zip",
                "model/preprocessing.json", "model/config.conf")) {
            assertTrue(Files.isRegularFile(runDir.resolve(f)), "missing " + f + " in " + runDir);
        }
        JsonNode r = new ObjectMapper().readTree(runDir.resolve("report.json").toFile());
        for (String key : List.of("job", "run_id", "task", "status", "data", "model", "training", "metrics",
                "baselines")) {
            assertTrue(r.has(key), "report.json lacks " + key);
        }
        assertEquals("succeeded", r.get("status").asText());
        for (String key : List.of("train_examples", "validation_examples", "test_examples")) {
            assertTrue(r.get("data").get(key).asLong() > 0, key);
        }
        assertTrue(r.get("model").get("parameters").asLong() > 0);
        JsonNode training = r.get("training");
        for (String key : List.of("epochs_completed", "wall_seconds", "examples_per_second", "workers")) {
            assertTrue(training.get(key).asDouble() > 0, key);
        }
        assertEquals(training.get("epochs_completed").asInt(), training.get("history").size());
        for (JsonNode h : training.get("history")) {
            for (String key : List.of("epoch", "train_loss", "validation_loss", "seconds")) {
                assertTrue(h.has(key), "history entry lacks " + key);
            }
        }
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("<svg"), "report.html has a chart");
        return r;
    }
}
