package io.seqspark.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {

    @Test
    void commitMakesACompleteRunVisible(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        assertFalse(store.isComplete("r1"));
        try (RunWriter w = store.begin("r1")) {
            w.writeString("report.json", "{}");
            assertFalse(Files.exists(out.resolve("job/r1")), "nothing under the final name before the commit");
            w.commit(false);
        }
        assertTrue(store.isComplete("r1"));
        assertEquals("{}", Files.readString(out.resolve("job/r1/report.json")));
        assertTrue(Files.exists(out.resolve("job/r1/_SUCCESS")));
        assertEquals(1, entries(out.resolve("job")), "no leftovers next to the run");
    }

    @Test
    void aFailedRunLeavesNothingAndKeepsTheEarlierRun(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunWriter w = store.begin("r1")) {
            w.writeString("report.json", "first");
            w.commit(false);
        }
        try (RunWriter w = store.begin("r1")) {
            w.writeString("report.json", "second");
            // closed without commit: the run failed
        }
        assertEquals("first", Files.readString(out.resolve("job/r1/report.json")));
        assertEquals(1, entries(out.resolve("job")));
    }

    @Test
    void commitWithoutOverwriteNeverReplacesACompletedRun(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        RunWriter slow = store.begin("r1");
        try (RunWriter w = store.begin("r2")) {
            w.commit(false);
        }
        try (RunWriter w = store.begin("r1")) {
            w.writeString("report.json", "winner");
            w.commit(false);
        }
        slow.writeString("report.json", "loser");
        assertThrows(IOException.class, () -> slow.commit(false));
        assertEquals("winner", Files.readString(out.resolve("job/r1/report.json")));
    }

    @Test
    void overwriteReplacesTheCompletedRun(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        try (RunWriter w = store.begin("r1")) {
            w.writeString("report.json", "first");
            w.writeString("only-in-first.txt", "x");
            w.commit(false);
        }
        try (RunWriter w = store.begin("r1")) {
            w.writeString("report.json", "second");
            w.commit(true);
        }
        assertEquals("second", Files.readString(out.resolve("job/r1/report.json")));
        assertFalse(Files.exists(out.resolve("job/r1/only-in-first.txt")), "the old run was replaced, not merged");
        assertEquals(1, entries(out.resolve("job")), "the replaced run was removed");
    }

    @Test
    void beginRemovesAKilledAttemptOfTheSameRun(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        Path stale = out.resolve("job/.r1.inprogress-dead");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("partial"), "x");
        Path other = out.resolve("job/.r2.inprogress-alive");
        Files.createDirectories(other);
        try (RunWriter w = store.begin("r1")) {
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(other), "attempts of other run ids are left alone");
        }
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void latestNamesTheLatestCompletedRunAndBackfillsDoNotMoveItBack(@TempDir Path out) throws IOException {
        RunStore store = new RunStore(out.toString(), "job");
        assertNull(store.latestRunId());
        for (String id : List.of("2026-11-20", "2026-11-21", "2026-11-19")) {
            try (RunWriter w = store.begin(id)) {
                w.writeString("report.json", id);
                w.commit(false);
            }
            store.markLatest(id);
        }
        assertEquals("2026-11-21\n", Files.readString(out.resolve("job/LATEST")));
        assertEquals("2026-11-21", store.latestRunId());
        try (var entries = Files.list(out.resolve("job"))) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }
}
