package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor JVM of a 2-worker standalone cluster is killed (SIGKILL) in the middle of training. The master starts
 * a replacement executor; Spark retries the lost tasks, and when it gives a training round up (its shuffle outputs
 * died with the executor), seqspark restarts that epoch from the state after the previous one (training.retries).
 * The run completes all its epochs with the accuracy the quickstart reaches without a fault.
 */
class ExecutorFailureIT extends TwoWorkerClusterTest {
    private static final int EPOCHS = 8;

    private Process driver(Path dir, String log, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("jobs/seqspark").toAbsolutePath().toString(),
                "train", "--master", cluster.masterUrl, "--run-id", "fault", "--set", "job.output=" + dir,
                "--set", "training.epochs=" + EPOCHS, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "spark.conf.\"spark.executor.memory\"=1536m"));
        command.addAll(Arrays.asList(extra));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        pb.environment().put("SEQSPARK_NO_BUILD", "1");
        return pb.start();
    }

    @Test
    void killedExecutorDuringTrainingStillGivesACompleteRun(@TempDir Path dir) throws Exception {
        Process first = driver(dir, "driver.log");
        Path log = dir.resolve("driver.log");
        // The event the kill waits for: the driver has logged its second epoch, so training is under way.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("epoch 2/" + EPOCHS)) {
            assertTrue(first.isAlive(), "the driver ended before epoch 2: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no epoch 2 within 5 minutes: " + Files.readString(log));
            Thread.sleep(100);
        }
        String app = appId();
        ProcessHandle executor = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("CoarseGrainedExecutorBackend")
                        && c.contains(app)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no executor process of " + app));
        assertTrue(executor.destroyForcibly(), "SIGKILL sent to executor " + executor.pid());
        executor.onExit().get(1, TimeUnit.MINUTES);
        assertFalse(executor.isAlive());

        assertTrue(first.waitFor(10, TimeUnit.MINUTES), "the driver hung after losing an executor");
        String firstLog = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("ExecutorFailureIT: " + firstLog.lines().filter(l -> l.contains("Lost executor")
                || l.contains("restarting it") || l.contains("progress: epoch") || l.contains("seqspark: failed"))
                .reduce((a, b) -> a + "\n  " + b).orElse(""));
        assertEquals(0, first.exitValue(), "the run survives the lost executor: " + firstLog);
        assertTrue(firstLog.contains("Lost executor"), "the driver saw the executor go: " + firstLog);
        assertTrue(firstLog.contains("epoch " + EPOCHS + "/" + EPOCHS), firstLog);
        // The master replaced the lost executor: this application had more executors than workers.
        assertTrue(executorDirs(app) >= 3, "a replacement executor was started: " + executorDirs(app));
        Path run = dir.resolve("quickstart/fault");
        JsonNode report = RunReports.completeClassificationRun(run);
        assertEquals(EPOCHS, report.get("training").get("epochs_completed").asInt());
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, "test accuracy after the fault " + accuracy);
    }

    /** The one application this test's driver registered with the cluster. */
    private static String appId() {
        File[] apps = applications(1).length > 0 ? applications(1) : applications(2);
        assertEquals(1, apps.length, "one application on the cluster");
        return apps[0].getName();
    }

    private static int executorDirs(String app) {
        int n = 0;
        for (int w = 1; w <= 2; w++) {
            File[] executors = clusterDir.resolve("work-" + w).resolve(app).toFile().listFiles(File::isDirectory);
            n += Optional.ofNullable(executors).map(e -> e.length).orElse(0);
        }
        return n;
    }
}
