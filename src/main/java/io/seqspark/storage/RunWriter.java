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

    private final FileSystem fs;
    private final Path workDir;
    private final Path finalDir;
    private boolean committed;

    RunWriter(FileSystem fs, Path workDir, Path finalDir) {
        this.fs = fs;
        this.workDir = workDir;
        this.finalDir = finalDir;
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
     * Writes _SUCCESS and renames the run into place. An existing complete run is replaced only when
     * {@code overwrite} is set: it is first moved aside, so a failure in between never loses both.
     */
    public Path commit(boolean overwrite) throws IOException {
        writeString(RunStore.SUCCESS, "");
        Path replaced = null;
        if (fs.exists(finalDir)) {
            if (!overwrite) {
                throw new IOException(finalDir + " appeared while this run was in progress (another run with the "
                        + "same id?); this run is kept at " + workDir);
            }
            replaced = new Path(finalDir.getParent(), "." + finalDir.getName() + ".replaced-" + UUID.randomUUID());
            if (!fs.rename(finalDir, replaced)) {
                throw new IOException("cannot move the earlier run " + finalDir + " aside to " + replaced);
            }
        }
        if (!fs.rename(workDir, finalDir)) {
            if (replaced != null) {
                fs.rename(replaced, finalDir);
            }
            throw new IOException("cannot rename " + workDir + " to " + finalDir);
        }
        committed = true;
        if (replaced != null && !fs.delete(replaced, true)) {
            LOG.warn("Could not delete the replaced run at {}", replaced);
        }
        return finalDir;
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
