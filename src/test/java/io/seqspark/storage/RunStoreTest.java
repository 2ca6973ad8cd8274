package io.seqspark.storage;

import io.seqspark.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {

    /** One whole run: lock, begin, write, commit (with LATEST), release. */
    private static void run(RunStore store, String id, String report, boolean overwrite) throws IOException {
        try (RunLock lock = store.lock(id); RunWriter w = store.begin(lock, id)) {
            w.writeString("report.json", report);
            w.commit(overwrite);
        }
    }

    @Test
    void commitMakesACompleteRunVisibleAndPointsLatestAtIt(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        assertFalse(store.isComplete("r1"));
        try (RunLock lock = store.lock("r1"); RunWriter w = store.begin(lock, "r1")) {
            w.writeString("report.json", "{}");
            assertFalse(Files.exists(out.resolve("job/r1")), "nothing under the final name before the commit");
            assertTrue(Files.exists(out.resolve("job/.r1.lock")), "the run holds its id's lock");
            w.commit(false);
        }
        assertTrue(store.isComplete("r1"));
        assertEquals("{}", Files.readString(out.resolve("job/r1/report.json")));
        assertTrue(Files.exists(out.resolve("job/r1/_SUCCESS")));
        assertEquals("r1", store.latestRunId());
        assertEquals(List.of("LATEST", "r1"), entries(out.resolve("job")), "no leftovers, the lock released");
    }

    @Test
    void aFailedRunLeavesNothingAndKeepsTheEarlierRun(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        run(store, "r1", "first", false);
        try (RunLock lock = store.lock("r1"); RunWriter w = store.begin(lock, "r1")) {
            w.writeString("report.json", "second");
            // closed without commit: the run failed
        }
        assertEquals("first", Files.readString(out.resolve("job/r1/report.json")));
        assertEquals(List.of("LATEST", "r1"), entries(out.resolve("job")));
    }

    @Test
    void aRunThatFailsBeforeWritingLeavesNoEmptyJobFolder(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunLock lock = store.lock("r1")) {
            assertTrue(Files.exists(out.resolve("job/.r1.lock")));
        }
        assertFalse(Files.exists(out.resolve("job")));
    }

    @Test
    void commitWithoutOverwriteNeverReplacesAFolderThatAppeared(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunLock lock = store.lock("r1"); RunWriter w = store.begin(lock, "r1")) {
            Files.createDirectories(out.resolve("job/r1"));
            Files.writeString(out.resolve("job/r1/theirs.txt"), "not ours");
            IOException e = assertThrows(IOException.class, () -> w.commit(false));
            assertFalse(e.getMessage().contains(w.workDir().getName()), "names no folder that is about to vanish");
        }
        assertEquals("not ours", Files.readString(out.resolve("job/r1/theirs.txt")));
        assertEquals(List.of("r1"), entries(out.resolve("job")));
    }

    @Test
    void overwriteReplacesTheCompletedRun(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunLock lock = store.lock("r1"); RunWriter w = store.begin(lock, "r1")) {
            w.writeString("report.json", "first");
            w.writeString("only-in-first.txt", "x");
            w.commit(false);
        }
        run(store, "r1", "second", true);
        assertEquals("second", Files.readString(out.resolve("job/r1/report.json")));
        assertFalse(Files.exists(out.resolve("job/r1/only-in-first.txt")), "the old run was replaced, not merged");
        assertEquals(List.of("LATEST", "r1"), entries(out.resolve("job")), "the replaced run was removed");
    }

    @Test
    void beginRemovesAKilledAttemptOfTheSameRunOnly(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        Path stale = out.resolve("job/.r1.inprogress-5a1e0c2d-0000-4000-8000-00000000dead");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("partial"), "x");
        Path other = out.resolve("job/.r2.inprogress-alive");
        Files.createDirectories(other);
        try (RunLock lock = store.lock("r1"); RunWriter w = store.begin(lock, "r1")) {
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(other), "attempts of other run ids are left alone");
        }
    }

    @Test
    void beginRemovesOnlyItsOwnAttemptsNotThoseOfAnIdThatStartsLikeThem(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunLock other = store.lock("r.inprogress-x"); RunWriter live = store.begin(other, "r.inprogress-x")) {
            Path killed = out.resolve("job/.r.inprogress-0b7e0a3c-1111-4222-8333-944455556666");
            Files.createDirectories(killed);
            try (RunLock lock = store.lock("r"); RunWriter w = store.begin(lock, "r")) {
                assertFalse(Files.exists(killed), "r's own killed attempt is removed");
                assertTrue(Files.isDirectory(Path.of(live.workDir().toUri().getPath())),
                        "the live run r.inprogress-x keeps its folder");
                assertTrue(Files.exists(out.resolve("job/.r.inprogress-x.lock")), "and its lock");
            }
        }
    }

    @Test
    void aFolderUnderTheFinalNameThatIsNotARunIsRefusedUnlessOverwriting(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        Files.createDirectories(out.resolve("job/r1"));
        Files.writeString(out.resolve("job/r1/theirs.txt"), "not ours");
        UserError e = assertThrows(UserError.class, () -> store.requireNoForeignFolder("r1", false));
        assertTrue(e.getMessage().contains("job/r1 exists but is not a completed seqspark run"), e.getMessage());
        store.requireNoForeignFolder("r1", true);
        store.requireNoForeignFolder("r2", false);
    }

    @Test
    void aRunWhoseLockWasTakenOverDoesNotCommit(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunLock lock = store.lock("r1"); RunWriter w = store.begin(lock, "r1")) {
            w.writeString("report.json", "x");
            // Another run judged this one stale (say its heartbeat stalled) and took the lock over.
            Files.writeString(out.resolve("job/.r1.lock"), "{\"token\":\"someone-else\",\"host\":\"elsewhere\"}");
            IOException e = assertThrows(IOException.class, () -> w.commit(false));
            assertTrue(e.getMessage().contains("no longer holds its lock"), e.getMessage());
        }
        assertFalse(Files.exists(out.resolve("job/r1")), "nothing committed");
        assertFalse(Files.exists(out.resolve("job/LATEST")));
        assertTrue(Files.exists(out.resolve("job/.r1.lock")), "the other run's lock is left alone");
    }

    @Test
    void aSecondRunOfALiveIdFailsAtOnceNamingTheOwnerAndTouchesNothing(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunLock lock = store.lock("r1"); RunWriter live = store.begin(lock, "r1")) {
            live.writeString("partial", "x");
            UserError e = assertThrows(UserError.class, () -> store.lock("r1"));
            assertTrue(e.getMessage().contains("run r1 of job job is in progress by "
                    + System.getProperty("user.name") + "@"), e.getMessage());
            assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(Files.exists(out.resolve("job/" + live.workDir().getName() + "/partial")),
                    "the live run's folder is untouched");
            live.commit(false);
        }
        assertTrue(store.isComplete("r1"));
    }

    @Test
    void aLockOfAProcessThatIsGoneIsTakenOver(@TempDir Path out) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        writeLock(out, "r1", host, gone.pid(), Instant.now());
        RunStore store = new RunStore(out.toString(), "job");
        run(store, "r1", "ok", false);
        assertTrue(store.isComplete("r1"));
        assertFalse(Files.exists(out.resolve("job/.r1.lock")));
    }

    @Test
    void aLockFromAnotherHostIsLiveWhileItsHeartbeatIsFreshAndStaleAfter(@TempDir Path out) throws Exception {
        RunStore store = new RunStore(out.toString(), "job");
        writeLock(out, "r1", "elsewhere.example", 4242, Instant.now());
        UserError e = assertThrows(UserError.class, () -> store.lock("r1"));
        assertTrue(e.getMessage().contains("elsewhere.example (process 4242"), e.getMessage());

        writeLock(out, "r1", "elsewhere.example", 4242, Instant.now().minus(RunLock.STALE_AFTER).minusSeconds(5));
        run(store, "r1", "ok", false);
        assertTrue(store.isComplete("r1"));
    }

    private static void writeLock(Path out, String id, String host, long pid, Instant heartbeat) throws IOException {
        Files.createDirectories(out.resolve("job"));
        Files.writeString(out.resolve("job/." + id + ".lock"), "{\"token\":\"t-" + pid + "\",\"user\":\"someone\","
                + "\"host\":\"" + host + "\",\"pid\":" + pid + ",\"acquired\":\"" + heartbeat + "\",\"heartbeat\":\""
                + heartbeat + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "../x", "a/b", "a\\b", ".hidden", "a..b", "a b", "tab\there", "nl\nx",
            "c:d", "", "LATEST", "latest"})
    void runIdsThatCouldNameAnotherFolderAreRefused(String id) {
        assertNotNull(RunNames.runIdProblem(id), id);
        assertThrows(IllegalArgumentException.class, () -> new RunStore("/tmp/x", "job").runDir(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", ".x", ""})
    void jobNamesThatCouldNameAnotherFolderAreRefused(String name) {
        assertNotNull(RunNames.problem(name), name);
        assertThrows(IllegalArgumentException.class, () -> new RunStore("/tmp/x", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30", "20261130-101500", "scheduled__2026-11-30", "r1", "a.b", "x=y", "_x"})
    void ordinaryIdsAreAccepted(String id) {
        assertNull(RunNames.runIdProblem(id), id);
    }

    @Test
    void aFolderIsNeverRenamedIntoAnExistingOne(@TempDir Path out) throws IOException {
        Files.createDirectories(out.resolve("a"));
        Files.writeString(out.resolve("a/x"), "a");
        Files.createDirectories(out.resolve("b"));
        Files.writeString(out.resolve("b/y"), "b");
        org.apache.hadoop.fs.FileSystem fs = Storage.fileSystem(new org.apache.hadoop.fs.Path(out.toUri()));
        assertFalse(Storage.renameNoReplace(fs, new org.apache.hadoop.fs.Path(out.resolve("a").toUri()),
                new org.apache.hadoop.fs.Path(out.resolve("b").toUri())));
        assertEquals(List.of("a", "b"), entries(out));
        assertEquals(List.of("y"), entries(out.resolve("b")), "nothing moved inside the existing folder");
        assertTrue(Storage.renameNoReplace(fs, new org.apache.hadoop.fs.Path(out.resolve("a").toUri()),
                new org.apache.hadoop.fs.Path(out.resolve("c").toUri())));
        assertEquals(List.of("b", "c"), entries(out));
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void latestNamesTheLatestCompletedRunAndBackfillsDoNotMoveItBack(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        assertNull(store.latestRunId());
        for (String id : List.of("2026-11-20", "2026-11-21", "2026-11-19")) {
            run(store, id, id, false);
        }
        assertEquals("2026-11-21\n", Files.readString(out.resolve("job/LATEST")));
        assertEquals("2026-11-21", store.latestRunId());
        try (var entries = Files.list(out.resolve("job"))) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }
}
