package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster jar (mvn package, classifier "cluster") as users deploy it: no Spark, Scala or Hadoop inside, no class
 * from two dependencies, and spark-submit (SparkSubmit, client mode) runs the quickstart with it on a standalone
 * cluster whose jars are Spark's alone, so executors get everything else from the cluster jar.
 */
class ClusterJarIT {
    private static final Path CLUSTER_JAR = Path.of(System.getProperty("seqspark.cluster.jar"));
    private static final Path TARGET = CLUSTER_JAR.getParent();

    private static List<String> classPath(String file) throws IOException {
        return List.of(Files.readString(TARGET.resolve(file)).trim().split(File.pathSeparator));
    }

    private static Set<String> classes(Path jar) throws IOException {
        Set<String> out = new HashSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = j.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")
                        && !name.startsWith("META-INF/versions/")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    @Test
    void clusterJarIsSelfContainedWithoutSparkAndRunsUnderSparkSubmit(@TempDir Path dir) throws Exception {
        Set<String> bundled = classes(CLUSTER_JAR);
        assertTrue(bundled.contains("io/seqspark/cli/Main.class"));
        assertTrue(bundled.contains("org/deeplearning4j/spark/impl/multilayer/SparkDl4jMultiLayer.class"));
        // Nothing from Spark or what Spark brings (Scala, Hadoop, ...). dl4j-spark's own helper in Spark's package,
        // org.apache.spark.TaskContextHelper, is not a Spark class.
        for (String jar : classPath("spark-classpath.txt")) {
            Set<String> shared = classes(Path.of(jar));
            shared.retainAll(bundled);
            assertTrue(shared.isEmpty(), jar + " classes in the cluster jar, e.g. " + shared.stream().limit(3).toList());
        }
        assertTrue(bundled.stream().noneMatch(c -> c.startsWith("scala/")), "no Scala");
        try (JarFile j = new JarFile(CLUSTER_JAR.toFile())) {
            assertEquals("io.seqspark.cli.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
        }

        // Which dependency jars went in (their classes are in the cluster jar), and no class came from two of them.
        Map<String, List<String>> origins = new TreeMap<>();
        List<String> notBundled = new ArrayList<>();
        for (String jar : classPath("app-classpath.txt")) {
            Set<String> own = classes(Path.of(jar));
            if (own.isEmpty()) {
                continue;
            }
            if (!bundled.containsAll(own)) {
                notBundled.add(jar);
                continue;
            }
            own.forEach(c -> origins.computeIfAbsent(c, k -> new ArrayList<>()).add(Path.of(jar).getFileName().toString()));
        }
        Map<String, List<String>> duplicates = new HashMap<>();
        origins.forEach((c, jars) -> {
            if (jars.size() > 1) {
                duplicates.put(c, jars);
            }
        });
        assertTrue(duplicates.isEmpty(), duplicates.size() + " classes from two jars, e.g. "
                + duplicates.entrySet().stream().limit(5).toList());

        // A cluster with Spark's jars (and the libraries every Spark distribution ships, left out of the cluster
        // jar) but none of seqspark's own dependencies.
        List<String> sparkJars = new ArrayList<>(classPath("spark-classpath.txt"));
        sparkJars.addAll(notBundled);
        Path sparkClassPath = dir.resolve("spark-only-classpath.txt");
        Files.writeString(sparkClassPath, String.join(File.pathSeparator, sparkJars));
        Path out = dir.resolve("runs");
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2, sparkClassPath)) {
            List<String> command = new ArrayList<>(List.of("java", "@" + Path.of("jobs/java17.args").toAbsolutePath(),
                    "-Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource",
                    "-cp", String.join(File.pathSeparator, sparkJars), "org.apache.spark.deploy.SparkSubmit",
                    "--master", cluster.masterUrl, "--class", "io.seqspark.cli.Main",
                    "--conf", "spark.executor.memory=1536m", "--conf", "spark.ui.enabled=false",
                    CLUSTER_JAR.toString(), "train", "--run-id", "submitted", "--set", "job.output=" + out,
                    "--set", "training.epochs=10"));
            Path log = dir.resolve("spark-submit.log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(8, TimeUnit.MINUTES);
            if (!finished) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(finished, "spark-submit finished within 8 minutes; its output:\n" + tail(output));
            assertEquals(0, p.exitValue(), "spark-submit output:\n" + tail(output));
            assertTrue(output.contains("Run completed"), tail(output));
        }
        JsonNode report = RunReports.completeClassificationRun(out.resolve("quickstart/submitted"));
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.85, "test accuracy " + accuracy);
        assertEquals(2, report.get("training").get("workers").asInt());
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
