package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quickstart on a real Spark standalone cluster: a master and 2 one-core worker JVMs started by
 * jobs/local-cluster from the packaged jars; executors are separate JVMs that receive the application jar from
 * the driver.
 */
class StandaloneClusterIT {
    @TempDir
    static Path clusterDir;
    private static String masterUrl;

    @BeforeAll
    static void startCluster() throws Exception {
        String out = script("start", "--workers", "2", "--cores", "1", "--memory", "2g",
                "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
                "--dir", clusterDir.toString());
        masterUrl = out.lines().filter(l -> l.startsWith("spark://")).findFirst()
                .orElseThrow(() -> new AssertionError("no master URL in: " + out));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script("stop", "--dir", clusterDir.toString());
    }

    @Test
    void quickstartOnTwoWorkerJvms(@TempDir Path out) throws Exception {
        assertEquals(0, Main.execute("train", "--master", masterUrl, "--run-id", "cluster", "--set",
                "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "spark.conf.\"spark.executor.memory\"=1536m"));
        JsonNode report = RunReports.completeClassificationRun(out.resolve("quickstart/cluster"));
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, "test accuracy on the cluster " + accuracy);
        assertEquals(2, report.get("training").get("workers").asInt());
        // Each worker JVM launched an executor for this application.
        for (int w = 1; w <= 2; w++) {
            File[] apps = clusterDir.resolve("work-" + w).toFile().listFiles(f -> f.getName().startsWith("app-"));
            assertTrue(apps != null && apps.length == 1, "worker " + w + " ran an executor");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String script(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of("jobs/local-cluster").toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Path log = Files.createTempFile("local-cluster", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("local-cluster " + args[0] + " did not finish");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "local-cluster " + args[0] + ": " + out);
        return out;
    }
}
