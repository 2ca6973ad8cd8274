package io.seqspark.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The training options recurrent models need, end to end (a CLI run stops its Spark session, so this is apart from
 * TrainingOptionsIT).
 */
class TrainingOptionsCliIT {

    /** From the command line: every option set, a run completes and report.json records them and each epoch's rate. */
    @Test
    void theCommandLineRecordsTheOptionsInTheReport(@TempDir Path out) throws Exception {
        assertEquals(0, io.seqspark.cli.Main.execute("train", "--master", "local[2]", "--run-id", "opts",
                "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "data.generator.sequences=120", "--set", "training.epochs=3", "--set", "model.units=[8, 6]",
                "--set", "training.learning-rate=0.01", "--set", "training.learning-rate-schedule=cosine",
                "--set", "training.warmup-epochs=1", "--set", "training.gradient-clip.norm=1.0",
                "--set", "training.gradient-clip.by=param-type", "--set", "training.weight-decay=0.01",
                "--set", "model.dropout=0.2", "--set", "model.dropout-type=variational"));
        com.fasterxml.jackson.databind.JsonNode report = RunReports.completeClassificationRun(
                out.resolve("quickstart/opts"));
        com.fasterxml.jackson.databind.JsonNode training = report.get("training");
        assertEquals("cosine", training.get("learning_rate_schedule").asText());
        assertEquals(1, training.get("warmup_epochs").asInt());
        assertEquals(1.0, training.get("gradient_clip").get("norm").asDouble(), 0);
        assertEquals("param-type", training.get("gradient_clip").get("by").asText());
        // In this order in every run (Map.of's order is salted per JVM, and once made it vary).
        List<String> clipKeys = new ArrayList<>();
        training.get("gradient_clip").fieldNames().forEachRemaining(clipKeys::add);
        assertEquals(List.of("norm", "by"), clipKeys);
        assertEquals(0.01, training.get("weight_decay").asDouble(), 0);
        assertEquals("variational", report.get("model").get("dropout_type").asText());
        // Warm-up at half the rate, then the cosine from the full rate: 0.005, 0.01, 0.005.
        double[] rates = {0.005, 0.01, 0.005};
        for (int e = 0; e < 3; e++) {
            assertEquals(rates[e], training.get("history").get(e).get("learning_rate").asDouble(), 1e-12,
                    "epoch " + (e + 1));
        }
    }
}
