package io.seqspark.storage;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.UUID;

/**
 * The runs of one job: {@code <output>/<job name>/<run id>/}. A run is written under a hidden in-progress name
 * and renamed into place only after {@code _SUCCESS} is written, so a run directory under its final name is
 * always complete and a failed or killed run never corrupts an earlier one.
 */
public final class RunStore {
    public static final String SUCCESS = "_SUCCESS";
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

    public boolean isComplete(String runId) throws IOException {
        return fs.exists(new Path(runDir(runId), SUCCESS));
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
