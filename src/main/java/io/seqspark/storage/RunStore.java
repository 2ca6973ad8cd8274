package io.seqspark.storage;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The runs of one job: {@code <output>/<job name>/<run id>/}. The run lifecycle is
 * <ol>
 *   <li>{@link #lock}: the run id's lock ({@link RunLock}), held until the run ends;</li>
 *   <li>{@link #begin}: a hidden in-progress folder {@code .<run-id>.inprogress-<uuid>} that the run writes into;</li>
 *   <li>{@link RunWriter#commit}: {@code _SUCCESS}, the swap into the final name and {@code LATEST}, all undone
 *       when any step fails.</li>
 * </ol>
 * Every entry a run creates, renames or deletes is named after its own run id inside its own job folder: a failure
 * at any step leaves every other file under {@code job.output} as it was.
 */
public final class RunStore {
    public static final String SUCCESS = "_SUCCESS";
    /** {@code <output>/<job>/LATEST}: the id of the latest completed run, for downstream steps. */
    public static final String LATEST = "LATEST";
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);

    private final FileSystem fs;
    private final Path jobDir;

    /**
     * @throws IllegalArgumentException when {@code jobName} is not a single safe folder name ({@link RunNames});
     *                                  the configuration check reports this as a user error before any work
     */
    public RunStore(String output, String jobName) throws IOException {
        this(output, jobName, null);
    }

    /** @param hadoopConf Hadoop settings to reach {@code output} with (null: the active Spark session's) */
    public RunStore(String output, String jobName, Configuration hadoopConf) throws IOException {
        RunNames.require("job.name", jobName, false);
        Path out = new Path(output);
        this.fs = hadoopConf == null ? Storage.fileSystem(out) : Storage.fileSystem(out, hadoopConf);
        this.jobDir = fs.makeQualified(new Path(out, jobName));
    }

    public Path jobDir() {
        return jobDir;
    }

    public Path runDir(String runId) {
        return child(runId, runId);
    }

    /** Where an in-progress run keeps its per-epoch checkpoints (moved into the run when it completes). */
    public Path checkpointsDir(String runId) {
        return child(runId, "." + runId + ".checkpoints");
    }

    public boolean isComplete(String runId) throws IOException {
        return fs.exists(new Path(runDir(runId), SUCCESS));
    }

    /**
     * A folder under the run's final name that is not a completed run (no {@code _SUCCESS}) is someone's data: a run
     * never works towards replacing it unless {@code overwrite} is set.
     *
     * @throws io.seqspark.UserError naming the folder, before any work
     */
    public void requireNoForeignFolder(String runId, boolean overwrite) throws IOException {
        if (!overwrite && fs.exists(runDir(runId)) && !isComplete(runId)) {
            throw new io.seqspark.UserError(runDir(runId) + " exists but is not a completed seqspark run (no "
                    + SUCCESS + "); move it away, choose another job.run-id, or set job.overwrite=true to replace it");
        }
    }

    /**
     * Takes the lock of {@code runId} for the lifetime of a run.
     *
     * @throws io.seqspark.UserError when another live run holds it (naming its owner)
     */
    public RunLock lock(String runId) throws IOException {
        boolean created = !fs.exists(jobDir);
        fs.mkdirs(jobDir);
        RunLock lock;
        try {
            lock = RunLock.acquire(fs, child(runId, "." + runId + ".lock"),
                    "run " + runId + " of job " + jobDir.getName());
        } catch (IOException | RuntimeException e) {
            removeIfEmpty(created);
            throw e;
        }
        // A run that failed before writing anything leaves no empty job folder behind.
        lock.afterRelease(() -> removeIfEmpty(created));
        return lock;
    }

    private void removeIfEmpty(boolean created) {
        try {
            if (created && fs.exists(jobDir) && fs.listStatus(jobDir).length == 0) {
                fs.delete(jobDir, false); // not recursive: never removes what another run just put there
            }
        } catch (IOException e) {
            LOG.debug("Could not remove the empty job folder {}: {}", jobDir, e.toString());
        }
    }

    /**
     * Holds the job's LATEST pointer while one run compares, updates or restores it (run ids of one job may commit
     * at the same time). A live holder is waited for: it holds the pointer for milliseconds.
     */
    RunLock lockLatest() throws IOException {
        Path path = new Path(jobDir, "." + LATEST + ".lock");
        for (int attempt = 0; ; attempt++) {
            try {
                return RunLock.acquire(fs, path, "the LATEST pointer of job " + jobDir.getName());
            } catch (io.seqspark.UserError busy) {
                if (attempt >= 600) {
                    throw new IOException(busy.getMessage() + " for more than a minute", busy);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + path, e);
                }
            }
        }
    }

    /**
     * Points LATEST at a run that just completed, unless it already names a later run id (run ids sort by
     * schedule date, so a backfill of an older date does not move it back). The new pointer is written beside
     * the old one and renamed over it, so readers see the old or the new id, never a partial file.
     *
     * @return true when LATEST was changed (so a rollback knows whether to restore it)
     */
    public boolean markLatest(String runId) throws IOException {
        Path latest = new Path(jobDir, LATEST);
        String current = latestRunId();
        if (current != null && current.compareTo(runId) > 0 && isComplete(current)) {
            LOG.info("{} stays at {} (later than {})", latest, current, runId);
            return false;
        }
        writeLatest(runId);
        return true;
    }

    /** Sets LATEST back to {@code runId}, or removes it when {@code runId} is null (rollback of a commit). */
    void restoreLatest(String runId) throws IOException {
        if (runId == null) {
            fs.delete(new Path(jobDir, LATEST), false);
        } else {
            writeLatest(runId);
        }
    }

    private void writeLatest(String runId) throws IOException {
        Path latest = new Path(jobDir, LATEST);
        Path tmp = new Path(jobDir, "." + LATEST + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write((runId + "\n").getBytes(StandardCharsets.UTF_8));
            }
            try {
                FileContext.getFileContext(jobDir.toUri(), fs.getConf()).rename(tmp, latest,
                        Options.Rename.OVERWRITE);
            } catch (UnsupportedFileSystemException e) {
                replaceWithoutAtomicRename(tmp, latest);
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    /** No atomic overwrite on this file system: move the old pointer aside, move the new one in, or undo. */
    private void replaceWithoutAtomicRename(Path tmp, Path latest) throws IOException {
        Path aside = null;
        if (fs.exists(latest)) {
            aside = new Path(jobDir, "." + LATEST + "." + UUID.randomUUID() + ".old");
            if (!fs.rename(latest, aside)) {
                throw new IOException("cannot move " + latest + " aside to update it");
            }
        }
        boolean moved;
        try {
            moved = fs.rename(tmp, latest);
        } catch (IOException e) {
            moved = false;
        }
        if (!moved) {
            if (aside != null && !fs.rename(aside, latest)) {
                throw new IOException("cannot update " + latest + "; its previous content is kept at " + aside);
            }
            throw new IOException("cannot rename " + tmp + " to " + latest);
        }
        if (aside != null) {
            fs.delete(aside, false);
        }
    }

    /** The run id LATEST names, or null when there is none yet. */
    public String latestRunId() throws IOException {
        Path latest = new Path(jobDir, LATEST);
        if (!fs.exists(latest)) {
            return null;
        }
        try (FSDataInputStream in = fs.open(latest)) {
            String id = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? null : id;
        }
    }

    /**
     * Starts (or starts over) a run while holding its lock: leftovers of this run id's earlier attempts, which no
     * live run can own while we hold the lock, are removed first.
     */
    public RunWriter begin(RunLock lock, String runId) throws IOException {
        lock.requireHeld();
        // Exactly ".<id>.inprogress-<uuid>": a glob would also match the entries of a run id such as
        // "<id>.inprogress-x", which may be live.
        java.util.regex.Pattern attempt = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(
                "." + runId + ".inprogress-") + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        FileStatus[] stale = fs.globStatus(child(runId, "." + runId + ".inprogress-*"));
        if (stale != null) {
            for (FileStatus s : stale) {
                if (attempt.matcher(s.getPath().getName()).matches()) {
                    LOG.info("Removing the incomplete earlier attempt {}", s.getPath());
                    fs.delete(s.getPath(), true);
                }
            }
        }
        Path tmp = child(runId, "." + runId + ".inprogress-" + UUID.randomUUID());
        if (!fs.mkdirs(tmp)) {
            throw new IOException("cannot create " + tmp);
        }
        return new RunWriter(this, lock, fs, tmp, runDir(runId), runId);
    }

    /** An entry of the job folder that belongs to {@code runId}; refuses ids that could name anything else. */
    private Path child(String runId, String name) {
        RunNames.require("job.run-id", runId, true);
        Path p = new Path(jobDir, name);
        if (!p.getParent().equals(jobDir)) {
            throw new IllegalArgumentException(name + " is not a single entry of " + jobDir);
        }
        return p;
    }
}
