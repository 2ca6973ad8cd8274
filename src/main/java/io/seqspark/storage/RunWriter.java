package io.seqspark.storage;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Writes one run into its in-progress directory; {@link #commit} makes it visible under its final name. */
public final class RunWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunWriter.class);

    private final RunStore store;
    private final RunLock lock;
    private final FileSystem fs;
    private final Path workDir;
    private final Path finalDir;
    private final String runId;
    private boolean committed;

    RunWriter(RunStore store, RunLock lock, FileSystem fs, Path workDir, Path finalDir, String runId) {
        this.store = store;
        this.lock = lock;
        this.fs = fs;
        this.workDir = workDir;
        this.finalDir = finalDir;
        this.runId = runId;
    }

    /** Where files of this run live until the commit. */
    public Path workDir() {
        return workDir;
    }

    public Path finalDir() {
        return finalDir;
    }

    public OutputStream create(String relativePath) throws IOException {
        return fs.create(new Path(workDir, relativePath), true);
    }

    public void writeString(String relativePath, String content) throws IOException {
        try (OutputStream out = create(relativePath)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes _SUCCESS, renames the run into place and points LATEST at it, as one step: when any part fails, the
     * parts before it are undone, so the job folder is as it was (the failed attempt itself is removed by
     * {@link #close}). An existing run under the final name is replaced only when {@code overwrite} is set; it is
     * moved aside to {@code .<run-id>.replaced-<uuid>} first and deleted only after everything else succeeded.
     */
    public Path commit(boolean overwrite) throws IOException {
        lock.verify();
        writeString(RunStore.SUCCESS, "");
        Path replaced = null;
        if (fs.exists(finalDir)) {
            if (!overwrite) {
                throw new IOException(finalDir + " appeared while this run was in progress, although this run held "
                        + "the lock of its id; it was left as it is and this run was not committed");
            }
            replaced = new Path(finalDir.getParent(), "." + runId + ".replaced-" + UUID.randomUUID());
            if (!rename(finalDir, replaced)) {
                throw new IOException("cannot move the earlier run " + finalDir + " aside; it is unchanged and this "
                        + "run was not committed");
            }
        }
        if (!rename(workDir, finalDir)) {
            restore(replaced, "cannot rename the finished run to " + finalDir);
            throw new IOException("cannot rename the finished run to " + finalDir + "; "
                    + (replaced != null ? "the earlier run was restored" : "nothing was committed"));
        }
        try (RunLock latest = store.lockLatest()) {
            String previousLatest = store.latestRunId();
            try {
                store.markLatest(runId);
            } catch (IOException | RuntimeException e) {
                // Only a pointer this run set is put back: another run id may have moved it since.
                if (runId.equals(store.latestRunId())) {
                    store.restoreLatest(previousLatest);
                }
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            if (!rename(finalDir, workDir)) {
                throw new IOException("cannot update LATEST (" + e.getMessage() + ") nor take back " + finalDir, e);
            }
            restore(replaced, "cannot update LATEST: " + e.getMessage());
            throw new IOException("cannot update LATEST; the commit was undone (" + e.getMessage() + ")", e);
        }
        committed = true;
        if (replaced != null && !fs.delete(replaced, true)) {
            LOG.warn("Could not delete the replaced run at {}", replaced);
        }
        return finalDir;
    }

    /** Puts a run that was moved aside back under the final name. */
    private void restore(Path replaced, String why) throws IOException {
        if (replaced != null && !rename(replaced, finalDir)) {
            throw new IOException(why + "; the earlier run could not be moved back and is kept at " + replaced);
        }
    }

    /** A rename that reports failure as false, whether the file system returns false or throws. */
    private boolean rename(Path from, Path to) {
        try {
            return Storage.renameNoReplace(fs, from, to);
        } catch (IOException e) {
            LOG.warn("rename {} -> {} failed: {}", from, to, e.toString());
            return false;
        }
    }

    /** Removes the in-progress directory unless the run was committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                fs.delete(workDir, true);
            } catch (IOException e) {
                LOG.warn("Could not remove the incomplete run at {}: {}", workDir, e.toString());
            }
        }
    }
}
