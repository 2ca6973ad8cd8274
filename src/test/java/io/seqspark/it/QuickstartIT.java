package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import io.seqspark.models.ModelBundle;
import io.seqspark.vectorize.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job, exactly as users run it without a config (the embedded quickstart), in local[2]. */
class QuickstartIT {

    @Test
    void quickstartTrainsToNinetyPercentAndIsIdempotent(@TempDir Path out) throws Exception {
        String[] args = {"train", "--master", "local[2]", "--run-id", "it-1", "--set", "job.output=" + out,
                "--set", "spark.conf.\"spark.ui.enabled\"=false"};
        assertEquals(0, Main.execute(args));

        Path run = out.resolve("quickstart/it-1");
        JsonNode report = RunReports.completeClassificationRun(run);
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, "quickstart test accuracy " + accuracy);
        assertEquals(2, report.get("training").get("workers").asInt());
        assertEquals("lstm", report.get("model").get("cell").asText());
        double majority = report.get("baselines").get("majority_class").get("accuracy").asDouble();
        assertTrue(accuracy > majority + 0.5, "far above the majority-class baseline " + majority);

        ModelBundle model = ModelBundle.load(run.resolve("model").toString());
        assertEquals(report.get("model").get("parameters").asLong(), model.network().numParams());
        assertEquals(6, model.preprocessing(Preprocessing.SequenceClassification.class).labels().size());

        // A scheduler retry of the same run id: exits 0, trains nothing, leaves the run untouched.
        byte[] before = Files.readAllBytes(run.resolve("report.json"));
        FileTime modified = Files.getLastModifiedTime(run.resolve("model/network.zip"));
        assertEquals(0, Main.execute(args));
        assertEquals(new String(before), Files.readString(run.resolve("report.json")));
        assertEquals(modified, Files.getLastModifiedTime(run.resolve("model/network.zip")));
        try (var entries = Files.list(out.resolve("quickstart"))) {
            assertEquals(List.of("LATEST", "it-1"), entries.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no second directory, no leftovers");
        }
        assertEquals("it-1", Files.readString(out.resolve("quickstart/LATEST")).trim());
    }
}
