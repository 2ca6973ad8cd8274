package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Overwrite and failure semantics of runs, on a small generated job. */
class RunLifecycleIT {

    private static String[] smallJob(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--run-id", "r",
                "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "data.generator.sequences=120", "--set", "training.epochs=1",
                "--set", "model.units=[8]"));
        for (String e : extra) {
            args.add("--set");
            args.add(e);
        }
        return args.toArray(new String[0]);
    }

    @Test
    void overwriteRetrainsAndAFailedRetryKeepsTheCompletedRun(@TempDir Path out) throws Exception {
        Path report = out.resolve("quickstart/r/report.json");
        assertEquals(0, Main.execute(smallJob(out, "training.seed=1")));
        String first = Files.readString(report);

        assertEquals(0, Main.execute(smallJob(out, "training.seed=2", "job.overwrite=true")));
        String second = Files.readString(report);
        assertNotEquals(first, second, "overwrite=true trained again");
        assertEquals("r", new ObjectMapper().readTree(second).get("run_id").asText());

        // Fails after the run started writing (no test sequences left): exit 2, the completed run is intact.
        assertEquals(2, Main.execute(smallJob(out, "split.test=0.001", "job.overwrite=true")));
        assertEquals(second, Files.readString(report));
        try (var entries = Files.list(out.resolve("quickstart"))) {
            assertEquals(List.of("LATEST", "r"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("r", Files.readString(out.resolve("quickstart/LATEST")).trim());
    }

    @Test
    void aFailedRunIdCanBeRunAgain(@TempDir Path out) throws Exception {
        assertEquals(2, Main.execute(smallJob(out, "split.test=0.001")), "fails: no test sequences");
        assertFalse(Files.exists(out.resolve("quickstart/r")), "nothing under the final name");
        assertFalse(Files.exists(out.resolve("quickstart/LATEST")), "no pointer to a run that failed");
        assertEquals(0, Main.execute(smallJob(out)), "the scheduler's retry of the same id");
        assertTrue(Files.exists(out.resolve("quickstart/r/_SUCCESS")));
        assertEquals("r", Files.readString(out.resolve("quickstart/LATEST")).trim());
    }

    @Test
    void earlyStoppingKeepsTheEpochWithTheLowestValidationLoss(@TempDir Path out) throws Exception {
        assertEquals(0, Main.execute(smallJob(out, "training.epochs=25", "training.learning-rate=0.05",
                "training.early-stopping.patience=2")));
        JsonNode training = new ObjectMapper().readTree(out.resolve("quickstart/r/report.json").toFile())
                .get("training");
        JsonNode history = training.get("history");
        int best = 1;
        for (int e = 1; e <= history.size(); e++) {
            if (history.get(e - 1).get("validation_loss").asDouble()
                    < history.get(best - 1).get("validation_loss").asDouble()) {
                best = e;
            }
        }
        JsonNode early = training.get("early_stopping");
        List<String> keys = new ArrayList<>();
        early.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("patience", "metric", "best_epoch", "stopped_early"), keys, "in this order, every run");
        assertEquals(best, early.get("best_epoch").asInt(), "the kept epoch has the lowest validation loss");
        if (early.get("stopped_early").asBoolean()) {
            assertEquals(best + 2, history.size(), "stopped 2 epochs (the patience) after the best");
        } else {
            assertEquals(25, history.size());
        }
    }

    /**
     * What a scheduler's timeout does (Airflow, cron's timeout(1), YARN's kill): SIGTERM to the driver in the middle
     * of an overwrite. The driver ends, the completed run and LATEST stay as they were, and the same id runs again
     * afterwards (the dead driver's lock is taken over).
     */
    @Test
    void aDriverStoppedBySigtermKeepsTheCompletedRunAndItsIdRunsAgain(@TempDir Path out) throws Exception {
        assertEquals(0, Main.execute(smallJob(out, "training.seed=1")));
        Path report = out.resolve("quickstart/r/report.json");
        String completed = Files.readString(report);

        List<String> command = new ArrayList<>(List.of(Path.of("jobs/seqspark").toAbsolutePath().toString()));
        command.addAll(List.of(smallJob(out, "training.seed=2", "job.overwrite=true", "training.epochs=200")));
        Path log = out.resolve("driver.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SEQSPARK_NO_BUILD", "1");
        Process driver = pb.start();
        // The event the signal waits for: an epoch has ended, so Spark jobs are running.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("epoch 1/200")) {
            assertTrue(driver.isAlive(), "the driver ended before epoch 1: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no epoch 1 within 5 minutes: " + Files.readString(log));
            Thread.sleep(100);
        }
        driver.destroy();   // SIGTERM: jobs/seqspark execs the JVM
        assertTrue(driver.waitFor(2, TimeUnit.MINUTES), "the driver did not end after SIGTERM");
        String driverLog = Files.readString(log, StandardCharsets.UTF_8);
        assertNotEquals(0, driver.exitValue(), driverLog);
        assertFalse(driverLog.contains("epoch 200/200"), driverLog);

        assertEquals(completed, Files.readString(report), "the completed run is untouched");
        assertEquals("r", Files.readString(out.resolve("quickstart/LATEST")).trim());
        assertEquals(0, Main.execute(smallJob(out, "training.seed=3", "job.overwrite=true")),
                "the id runs again (the killed driver's lock is stale)");
        assertNotEquals(completed, Files.readString(report));
        assertTrue(Files.exists(out.resolve("quickstart/r/_SUCCESS")));
        try (var entries = Files.list(out.resolve("quickstart"))) {
            assertEquals(List.of("LATEST", "r"), entries.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing of the killed driver is left beside the runs");
        }
    }
}
