package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quickstart on a real Spark standalone cluster: a master and 2 one-core worker JVMs started by
 * jobs/local-cluster from the packaged jars; executors are separate JVMs that receive the application jar from
 * the driver.
 */
class StandaloneClusterIT extends TwoWorkerClusterTest {
    @Test
    void quickstartOnTwoWorkerJvms(@TempDir Path out) throws Exception {
        assertEquals(0, Main.execute("train", "--master", cluster.masterUrl, "--run-id", "cluster", "--set",
                "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "spark.conf.\"spark.executor.memory\"=1536m", "--set", "training.stats=true"));
        JsonNode report = RunReports.completeClassificationRun(out.resolve("quickstart/cluster"));
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, "test accuracy on the cluster " + accuracy);
        assertEquals(2, report.get("training").get("workers").asInt());
        // Each worker JVM launched an executor for this application, which logged its native-memory limits:
        // heap + seqspark's minimum overhead of 1 GiB, of which 512 MiB for JavaCPP.
        for (int w = 1; w <= 2; w++) {
            File[] apps = applications(w);
            assertTrue(apps.length == 1, "worker " + w + " ran an executor");
            File[] executors = apps[0].listFiles(File::isDirectory);
            assertTrue(executors != null && executors.length >= 1);
            String log = Files.readString(executors[0].toPath().resolve("stderr"));
            assertTrue(log.contains("JavaCPP native memory up to 512 MiB, process up to 2560 MiB; OMP_NUM_THREADS=1"),
                    "executor log of worker " + w + " states its limits");
        }
        // training.stats: dl4j-spark's statistics as a page beside the report.
        assertEquals("training-stats.html", report.get("training").get("stats_html").asText());
        String stats = Files.readString(out.resolve("quickstart/cluster/training-stats.html"));
        assertTrue(stats.contains("<html") && stats.length() > 10_000, "a rendered statistics page");
    }
}
