package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints and --resume: a driver killed (SIGKILL) after its second epoch leaves no run under the final name,
 * only checkpoints; train --resume continues from the checkpointed weights and finishes the run with all epochs.
 */
class ResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EPOCHS = 8;

    private static List<String> job(Path out, String runId) {
        return new ArrayList<>(List.of("train", "--master", "local[2]", "--run-id", runId,
                "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "data.generator.sequences=3000", "--set", "split.test=0.3",
                "--set", "training.epochs=" + EPOCHS));
    }

    @Test
    void aKilledRunResumesFromItsLastCheckpoint(@TempDir Path out) throws Exception {
        assertEquals(0, Main.execute(job(out, "full").toArray(new String[0])));
        JsonNode full = RunReports.completeClassificationRun(out.resolve("quickstart/full"));
        assertTrue(Files.isDirectory(out.resolve("quickstart/full/checkpoints")), "checkpoints kept with the run");

        // The same run in another JVM, killed as soon as its second epoch is checkpointed.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("jobs/java17.args").toAbsolutePath(),
                "-Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(job(out, "r"));
        Process driver = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("driver.log").toFile()).start();
        Path second = out.resolve("quickstart/.r.checkpoints/epoch-0002");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.isDirectory(second) && driver.isAlive() && System.nanoTime() < deadline) {
            // Waiting for a condition (the committed checkpoint), checked every 100 ms, not a fixed delay.
            Thread.sleep(100);
        }
        assertTrue(Files.isDirectory(second), "epoch 2 checkpointed: " + Files.readString(out.resolve("driver.log")));
        driver.destroyForcibly();
        assertTrue(driver.waitFor(1, TimeUnit.MINUTES));
        assertFalse(Files.exists(out.resolve("quickstart/r")), "a killed driver leaves nothing under the final name");
        // The driver may have committed a later epoch before the kill landed; resume starts from the newest.
        Path newest;
        try (var checkpoints = Files.list(out.resolve("quickstart/.r.checkpoints"))) {
            newest = checkpoints.filter(p -> p.getFileName().toString().startsWith("epoch-")).sorted()
                    .reduce((older, newer) -> newer).orElseThrow();
        }
        JsonNode checkpointed = JSON.readTree(newest.resolve("history.json").toFile());
        int resumedFrom = checkpointed.size();
        assertTrue(resumedFrom >= 2 && resumedFrom < EPOCHS, "checkpointed epochs: " + resumedFrom);

        assertEquals(0, Main.execute(withResume(job(out, "r"))));
        JsonNode resumed = RunReports.completeClassificationRun(out.resolve("quickstart/r"));
        JsonNode history = resumed.get("training").get("history");
        assertEquals(EPOCHS, resumed.get("training").get("epochs_completed").asInt());
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(e + 1, history.get(e).get("epoch").asInt());
        }
        // The epochs before the checkpoint are the killed run's, not retrained ones.
        for (int e = 0; e < resumedFrom; e++) {
            JsonNode saved = checkpointed.get(e);
            JsonNode reported = history.get(e);
            assertEquals(saved.get("trainLoss").asDouble(), reported.get("train_loss").asDouble(), "epoch " + (e + 1));
            assertEquals(saved.get("validationLoss").asDouble(), reported.get("validation_loss").asDouble(),
                    "epoch " + (e + 1) + " comes from the checkpoint");
        }
        // It continued from the checkpointed weights: its first new epoch scores below a fresh run's first epoch
        // (a run restarted from random weights would land near it).
        double freshEpoch1 = full.get("training").get("history").get(0).get("validation_loss").asDouble();
        double firstNew = history.get(resumedFrom).get("validation_loss").asDouble();
        assertTrue(firstNew < freshEpoch1, "resumed epoch " + (resumedFrom + 1) + " " + firstNew
                + " vs fresh epoch 1 " + freshEpoch1);
        // Both reach the quickstart's bar. (Their last-epoch accuracies differ by up to a few points: with
        // parameter averaging the validation loss jumps from epoch to epoch, uninterrupted runs included.)
        double a = full.get("metrics").get("test").get("accuracy").asDouble();
        double b = resumed.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(a >= 0.90 && b >= 0.90, "uninterrupted " + a + ", resumed " + b);
        assertFalse(Files.exists(out.resolve("quickstart/.r.checkpoints")), "checkpoints moved into the run");
    }

    private static String[] withResume(List<String> args) {
        List<String> a = new ArrayList<>(args);
        a.add("--resume");
        return a.toArray(new String[0]);
    }
}
