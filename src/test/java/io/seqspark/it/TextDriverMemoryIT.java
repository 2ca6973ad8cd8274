package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text preparation runs on the executors: a driver JVM whose heap is smaller than the corpus trains a text
 * classifier on a standalone cluster of 2 worker JVMs. Only the vocabulary and small summaries may reach the
 * driver; collecting the texts or their tokens there would exceed its heap.
 *
 * <p>Scaled by system properties for the full-size measurement, e.g.
 * {@code mvn verify -Dit.test=TextDriverMemoryIT -Dseqspark.it.corpus-mb=1200 -Dseqspark.it.driver-heap-mb=512}.
 * Spark refuses a JVM with less than 450 MiB of heap unless {@code spark.testing.memory} says otherwise; below
 * 512 MiB the test sets it (Spark's memory manager then plans with that figure, the JVM limit stays -Xmx).
 */
class TextDriverMemoryIT extends TwoWorkerClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CORPUS_MB = Integer.getInteger("seqspark.it.corpus-mb", 300);
    private static final int DRIVER_HEAP_MB = Integer.getInteger("seqspark.it.driver-heap-mb", 256);
    /** Sentiment words appear among the first words of a document, inside text.max-length. */
    private static final int MAX_LENGTH = 40;
    private static final List<String> POSITIVE = List.of("good", "great", "wonderful", "excellent", "superb");
    private static final List<String> NEGATIVE = List.of("bad", "awful", "terrible", "boring", "dreadful");

    /** A lexicon of pronounceable filler words; documents draw from it with a skewed (Zipf-like) frequency. */
    private static List<String> lexicon(Random r, int size) {
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "gu", "fe", "ha",
                "ji", "wo"};
        List<String> words = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>(POSITIVE);
        seen.addAll(NEGATIVE);
        while (words.size() < size) {
            StringBuilder w = new StringBuilder();
            for (int s = 0, n = 2 + r.nextInt(3); s < n; s++) {
                w.append(syllables[r.nextInt(syllables.length)]);
            }
            if (seen.add(w.toString())) {
                words.add(w.toString());
            }
        }
        return words;
    }

    /** @return the number of documents written */
    private static int writeCorpus(Path file, long bytes) throws Exception {
        Random r = new Random(11);
        List<String> words = lexicon(r, 20_000);
        int docs = 0;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("doc_id\tlabel\tbody\n");
            while (written < bytes) {
                boolean positive = docs % 2 == 0;
                StringBuilder doc = new StringBuilder(8192);
                int length = 600 + r.nextInt(800);
                int sentimentAt = r.nextInt(MAX_LENGTH - 5);
                for (int i = 0; i < length; i++) {
                    if (i > 0) {
                        doc.append(' ');
                    }
                    if (i == sentimentAt || i == sentimentAt + 3) {
                        List<String> s = positive ? POSITIVE : NEGATIVE;
                        doc.append(s.get(r.nextInt(s.size())));
                    } else {
                        // Skewed draw: small indexes (frequent words) far more often than large ones.
                        double u = r.nextDouble();
                        doc.append(words.get((int) (words.size() * u * u * u)));
                    }
                }
                String line = docs + "\t" + (positive ? "pos" : "neg") + "\t" + doc + "\n";
                w.write(line);
                written += line.length(); // ASCII: one byte per character
                docs++;
            }
        }
        return docs;
    }

    @Test
    void driverWithAHeapSmallerThanTheCorpusTrainsOnTheCluster(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("corpus.tsv");
        long start = System.nanoTime();
        int docs = writeCorpus(corpus, CORPUS_MB * 1024L * 1024L);
        long corpusBytes = Files.size(corpus);
        System.out.printf("TextDriverMemoryIT: %d documents, %.0f MiB, written in %.1f s%n", docs,
                corpusBytes / 1048576.0, (System.nanoTime() - start) / 1e9);
        assertTrue(corpusBytes > DRIVER_HEAP_MB * 1024L * 1024L, "the corpus must be larger than the driver heap");

        Path conf = dir.resolve("long-docs.conf");
        Files.writeString(conf, """
                job.name = long-docs
                task = classification
                data { format = tsv, path = "%s", options { quote = "" } }
                text { text-column = body, label-column = label, id-column = doc_id, tokenizer = word,
                       vocab-size = 5000, min-count = 5, max-length = %d }
                model { cell = gru, units = [16], embedding-size = 16 }
                training { epochs = 1, batch-size = 64, learning-rate = 0.01 }
                spark.conf {
                  "spark.ui.enabled" = false
                  "spark.executor.memory" = 1536m
                  "spark.sql.shuffle.partitions" = 8
                }
                """.formatted(corpus, MAX_LENGTH));
        List<String> command = new ArrayList<>(List.of(Path.of("jobs/seqspark").toAbsolutePath().toString(),
                "train", "--conf", conf.toString(), "--master", cluster.masterUrl, "--run-id", "small-driver",
                "--set", "job.output=" + dir.resolve("runs")));
        if (DRIVER_HEAP_MB < 512) {
            command.addAll(List.of("--set", "spark.conf.\"spark.testing.memory\"=536870912"));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile());
        pb.environment().put("SEQSPARK_NO_BUILD", "1");
        pb.environment().put("JAVA_OPTS", "-Xmx" + DRIVER_HEAP_MB + "m -XX:+ExitOnOutOfMemoryError");
        start = System.nanoTime();
        Process driver = pb.start();
        boolean finished = driver.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            driver.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("driver.log"), StandardCharsets.UTF_8);
        assertTrue(finished, "the driver did not finish in 20 minutes: " + tail(log));
        assertEquals(0, driver.exitValue(), tail(log));
        System.out.printf("TextDriverMemoryIT: driver -Xmx%dm trained on %.0f MiB in %.1f s%n", DRIVER_HEAP_MB,
                corpusBytes / 1048576.0, (System.nanoTime() - start) / 1e9);

        JsonNode report = RunReports.completeClassificationRun(dir.resolve("runs/long-docs/small-driver"));
        JsonNode data = report.get("data");
        assertEquals(docs, data.get("train_examples").asInt() + data.get("validation_examples").asInt()
                + data.get("test_examples").asInt(), "every document reached training, validation or test");
        // The 10 sentiment words and the frequent lexicon words, cut at text.vocab-size.
        assertEquals(5000, report.get("text").get("vocabulary_size").asInt());
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy);
        for (int w = 1; w <= 2; w++) {
            File[] apps = applications(w);
            assertTrue(apps.length >= 1, "worker " + w + " ran an executor");
        }
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
