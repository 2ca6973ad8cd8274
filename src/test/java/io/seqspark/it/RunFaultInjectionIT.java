package io.seqspark.it;

import io.seqspark.cli.Main;
import io.seqspark.storage.FaultyFileSystem;
import io.seqspark.storage.FaultyFileSystem.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure injected at each step of a real run's lifecycle (begin, after an epoch, commit, the overwrite swap,
 * LATEST), on a job output shared with another job and other runs: every file under {@code job.output} that is not
 * the run's own checkpoint folder is afterwards byte for byte what it was. And two runs of one id at the same
 * time: the second fails at once naming the owner, and the first completes untouched.
 */
class RunFaultInjectionIT {
    @TempDir
    static Path baseline;
    private static Path baselineOut;

    @BeforeAll
    static void trainAnEarlierRunBesideAnotherJob() throws IOException {
        baselineOut = baseline.resolve("runs");
        assertEquals(0, Main.execute(job(baselineOut, "training.seed=1")));
        assertEquals(0, Main.execute(job(baselineOut, "job.run-id=other-run")));
        Path other = baselineOut.resolve("other-job/2026-01-01");
        Files.createDirectories(other);
        Files.writeString(other.resolve("report.json"), "{\"theirs\":true}");
        Files.writeString(other.resolve("_SUCCESS"), "");
        Files.writeString(baselineOut.resolve("other-job/LATEST"), "2026-01-01\n");
        Files.writeString(baselineOut.resolve("README.txt"), "someone else's file next to the jobs");
    }

    @AfterEach
    void clearFault() {
        FaultyFileSystem.clear();
    }

    private static String[] job(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--run-id", "r",
                "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "data.generator.sequences=120", "--set", "training.epochs=2", "--set", "model.units=[8]"));
        for (String e : extra) {
            args.add("--set");
            args.add(e);
        }
        return args.toArray(new String[0]);
    }

    private static String faulty(Path out) {
        return FaultyFileSystem.SCHEME + "://" + out.toAbsolutePath();
    }

    @ParameterizedTest(name = "{0}: {1} {2} fails, an earlier run r exists: {3}")
    @CsvSource({
            "begin,       mkdirs, \\.r\\.inprogress-.*,       true",
            "after epoch, rename, epoch-0001,                 true",
            "commit,      create, _SUCCESS,                   true",
            "commit,      rename, r,                          true",
            "commit,      rename, r,                          false",
            "swap,        rename, \\.r\\.replaced-.*,         true",
            "latest,      rename, LATEST,                     true",
            "latest,      rename, LATEST,                     false",
    })
    void aFailureAtAnyStepLeavesEverythingElseAsItWas(String step, String op, String name, boolean existing,
                                                      @TempDir Path dir) throws IOException {
        Path out = dir.resolve("runs");
        copy(baselineOut, out);
        if (!existing) {
            deleteTree(out.resolve("quickstart/r"));
            Files.writeString(out.resolve("quickstart/LATEST"), "other-run\n");
        }
        Map<String, String> before = snapshot(out);
        Fault fault = Fault.fail(op, name);
        FaultyFileSystem.inject(fault);
        int exit = Main.execute(job(out, "job.output=" + faulty(out), "training.seed=2",
                "job.overwrite=true"));
        assertTrue(fault.hit(), step + ": the fault was reached");
        assertEquals(1, exit, step);
        assertEquals(before, snapshot(out), step + ": job.output is as it was");
    }

    @Test
    void withoutFaultsTheSameFileSystemCommitsAndReplaces(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("runs");
        copy(baselineOut, out);
        Map<String, String> before = snapshot(out);
        assertEquals(0, Main.execute(job(out, "job.output=" + faulty(out), "training.seed=2", "job.overwrite=true")));
        Map<String, String> after = snapshot(out);
        assertFalse(before.get("quickstart/r/report.json").equals(after.get("quickstart/r/report.json")),
                "the run was replaced");
        before.keySet().removeIf(k -> k.startsWith("quickstart/r/") || k.equals("quickstart/LATEST"));
        after.keySet().removeIf(k -> k.startsWith("quickstart/r/") || k.equals("quickstart/LATEST"));
        assertEquals(before, after, "nothing else changed");
        assertEquals("r\n", Files.readString(out.resolve("quickstart/LATEST")));
    }

    @Test
    void aSecondRunOfALiveIdFailsAtOnceNamingTheOwnerAndTheFirstCompletes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("runs");
        Files.createDirectories(out);
        String output = "job.output=" + faulty(out);
        Fault pause = Fault.pause("rename", "epoch-0001");
        FaultyFileSystem.inject(pause);
        AtomicInteger firstExit = new AtomicInteger(-1);
        Thread first = new Thread(() -> firstExit.set(Main.execute(job(out, output))), "first-run");
        first.start();
        try {
            assertTrue(pause.reached().await(5, TimeUnit.MINUTES), "the first run reached the end of epoch 1");
            Path live = onlyInProgressFolder(out.resolve("quickstart"));

            PrintStream savedErr = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int second;
            try {
                second = Main.execute(job(out, output));
            } finally {
                System.setErr(savedErr);
            }
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, second, message);
            assertTrue(message.contains("run r of job quickstart is in progress by " + System.getProperty("user.name")
                    + "@") && message.contains("process " + ProcessHandle.current().pid()), message);
            assertFalse(message.contains("\tat "), "no stack trace: " + message);
            assertTrue(Files.isDirectory(live), "the live run's folder was not touched");
        } finally {
            pause.release().countDown();
            first.join(TimeUnit.MINUTES.toMillis(5));
        }
        assertEquals(0, firstExit.get());
        assertTrue(Files.exists(out.resolve("quickstart/r/_SUCCESS")));
        try (Stream<Path> s = Files.list(out.resolve("quickstart"))) {
            assertEquals(List.of("LATEST", "r"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static Path onlyInProgressFolder(Path jobDir) throws IOException {
        try (Stream<Path> s = Files.list(jobDir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(".r.inprogress-")).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    /** Every file and folder under {@code root} but the run's own checkpoints (kept for --resume). */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.startsWith("quickstart/.r.checkpoints")) {
                    continue;
                }
                files.put(rel, Files.isDirectory(p) ? "(dir)" : Arrays.toString(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(q);
            }
        }
    }
}
