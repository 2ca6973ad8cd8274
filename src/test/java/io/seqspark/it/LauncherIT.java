package io.seqspark.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jobs/seqspark as users call it: a separate process, its exit code and what it prints. */
class LauncherIT {
    record Result(int exit, String out, String err) {
    }

    static Result launch(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of("jobs/seqspark").toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("SEQSPARK_NO_BUILD", "1"); // the build under test is already packaged
        Path stdout = workDir.resolve("stdout.txt");
        Path stderr = workDir.resolve("stderr.txt");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("jobs/seqspark " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), java.nio.file.Files.readString(stdout, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static void assertCleanError(Result r, String... mustMention) {
        assertEquals(2, r.exit(), r.err());
        for (String m : mustMention) {
            assertTrue(r.err().contains(m), "stderr should mention " + m + ": " + r.err());
        }
        assertFalse(r.err().contains("Exception"), "no exception names: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void negativeEpochs(@TempDir Path dir) throws Exception {
        assertCleanError(launch(dir, "train", "--set", "training.epochs=-1"), "training.epochs");
    }

    @Test
    void misspelledKey(@TempDir Path dir) throws Exception {
        assertCleanError(launch(dir, "train", "--set", "model.cel=gru"), "model.cel", "did you mean model.cell?");
    }

    @Test
    void missingDataPath(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("no-such-data.csv").toString();
        assertCleanError(launch(dir, "train", "--set", "data.format=csv", "--set", "data.path=" + missing,
                "--set", "spark.conf.\"spark.ui.enabled\"=false"), missing, "no such file");
        assertFalse(dir.resolve("runs/quickstart").toFile().exists()
                        && dir.resolve("runs/quickstart").toFile().list().length > 0,
                "a failed run leaves nothing behind");
    }

    @Test
    void unsetDataPath(@TempDir Path dir) throws Exception {
        assertCleanError(launch(dir, "train", "--set", "data.format=csv"), "data.path: is required");
    }

    @Test
    void helpForEveryCommand(@TempDir Path dir) throws Exception {
        Result top = launch(dir, "--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().contains("train"), top.out());
        Result train = launch(dir, "train", "--help");
        assertEquals(0, train.exit());
        assertTrue(train.out().contains("--run-id"), train.out());
    }

    @Test
    void runsFromAPrivateCopyOfThePackagedJar(@TempDir Path dir) throws Exception {
        assertEquals(0, launch(dir, "--help").exit());
        Path jar = Path.of(System.getProperty("seqspark.jar")); // the packaged jar, as the pom names it
        try (var copies = java.nio.file.Files.list(jar.resolveSibling("launch"))) {
            assertTrue(copies.anyMatch(c -> {
                try {
                    return java.nio.file.Files.mismatch(c, jar) == -1;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "a rebuild rewrites " + jar + " in place, so the launcher must run a copy of it");
        }
    }
}
