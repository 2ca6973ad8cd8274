package io.seqspark.storage;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The runs of one job: {@code <output>/<job name>/<run id>/}. A run is written under a hidden in-progress name
 * and renamed into place only after {@code _SUCCESS} is written, so a run directory under its final name is
 * always complete and a failed or killed run never corrupts an earlier one.
 */
public final class RunStore {
    public static final String SUCCESS = "_SUCCESS";
    /** {@code <output>/<job>/LATEST}: the id of the latest completed run, for downstream steps. */
    public static final String LATEST = "LATEST";
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);

    private final FileSystem fs;
    private final Path jobDir;

    public RunStore(String output, String jobName) throws IOException {
        Path out = new Path(output);
        this.fs = Storage.fileSystem(out);
        this.jobDir = fs.makeQualified(new Path(out, jobName));
    }

    public Path runDir(String runId) {
        return new Path(jobDir, runId);
    }

    /** Where an in-progress run keeps its per-epoch checkpoints (moved into the run when it completes). */
    public Path checkpointsDir(String runId) {
        return new Path(jobDir, "." + runId + ".checkpoints");
    }

    public boolean isComplete(String runId) throws IOException {
        return fs.exists(new Path(runDir(runId), SUCCESS));
    }

    /**
     * Points LATEST at a run that just completed, unless it already names a later run id (run ids sort by
     * schedule date, so a backfill of an older date does not move it back). The new pointer is written beside
     * the old one and renamed over it, so readers see the old or the new id, never a partial file.
     */
    public void markLatest(String runId) throws IOException {
        Path latest = new Path(jobDir, LATEST);
        String current = latestRunId();
        if (current != null && current.compareTo(runId) > 0 && isComplete(current)) {
            LOG.info("{} stays at {} (later than {})", latest, current, runId);
            return;
        }
        Path tmp = new Path(jobDir, "." + LATEST + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, false)) {
            out.write((runId + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            FileContext.getFileContext(jobDir.toUri(), fs.getConf()).rename(tmp, latest, Options.Rename.OVERWRITE);
        } catch (UnsupportedFileSystemException e) {
            // No atomic overwrite on this file system: replace in two steps.
            fs.delete(latest, false);
            if (!fs.rename(tmp, latest)) {
                throw new IOException("cannot rename " + tmp + " to " + latest);
            }
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

    /** Starts (or starts over) a run: leftovers of an earlier attempt with the same id are removed first. */
    public RunWriter begin(String runId) throws IOException {
        FileStatus[] stale = fs.globStatus(new Path(jobDir, "." + runId + ".inprogress-*"));
        if (stale != null) {
            for (FileStatus s : stale) {
                LOG.info("Removing the incomplete earlier attempt {}", s.getPath());
                fs.delete(s.getPath(), true);
            }
        }
        Path tmp = new Path(jobDir, "." + runId + ".inprogress-" + UUID.randomUUID());
        if (!fs.mkdirs(tmp)) {
            throw new IOException("cannot create " + tmp);
        }
        return new RunWriter(fs, tmp, runDir(runId));
    }
}
