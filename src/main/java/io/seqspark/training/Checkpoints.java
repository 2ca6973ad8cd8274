package io.seqspark.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.storage.Storage;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-epoch checkpoints of a run that is in progress: {@code epoch-NNNN/} holds the network with its updater state
 * (Adam moments) and the epoch history so far. Each is written under a temporary name and renamed into place, so
 * a checkpoint that exists is complete; the two newest are kept. {@code train --resume} continues from the newest.
 * Preprocessing state is not stored: the split (seeded) and the scalers (fitted on it) are recomputed identically.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETWORK = "network.zip";
    private static final String HISTORY = "history.json";
    private static final int KEEP = 2;

    /** A complete checkpoint: the network after {@code epoch} epochs and the history of those epochs. */
    public record Checkpoint(int epoch, MultiLayerNetwork network, List<EpochStats> history) {
    }

    private final FileSystem fs;
    private final Path dir;
    private Checkpoint resumeFrom;

    /** @param dir where this run's checkpoints live (outside the in-progress run, so a killed run leaves them) */
    public Checkpoints(Path dir) throws IOException {
        this.fs = Storage.fileSystem(dir);
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Drops checkpoints of an earlier attempt: the run starts over. */
    public void discard() throws IOException {
        if (fs.exists(dir)) {
            LOG.info("Removing the checkpoints of an earlier attempt at {}", dir);
            fs.delete(dir, true);
        }
    }

    /** Loads the newest complete checkpoint (if any) as the point {@link SparkTrainer} resumes from. */
    public Optional<Checkpoint> loadLatest() throws IOException {
        FileStatus[] found = fs.exists(dir) ? fs.globStatus(new Path(dir, "epoch-[0-9][0-9][0-9][0-9]")) : null;
        if (found == null || found.length == 0) {
            return Optional.empty();
        }
        Path newest = Arrays.stream(found).map(FileStatus::getPath).max(Comparator.comparing(Path::getName))
                .orElseThrow();
        MultiLayerNetwork network;
        try (FSDataInputStream in = fs.open(new Path(newest, NETWORK))) {
            network = ModelSerializer.restoreMultiLayerNetwork(in, true);
        }
        List<EpochStats> history;
        try (FSDataInputStream in = fs.open(new Path(newest, HISTORY))) {
            history = JSON.readValue(in, new TypeReference<List<EpochStats>>() { });
        }
        resumeFrom = new Checkpoint(history.size(), network, history);
        LOG.info("Resuming from {} (epoch {})", newest, history.size());
        return Optional.of(resumeFrom);
    }

    /** The checkpoint loaded by {@link #loadLatest}, or null to start from scratch. */
    Checkpoint resumeFrom() {
        return resumeFrom;
    }

    /** Commits the state after {@code history.size()} epochs. */
    void save(MultiLayerNetwork network, List<EpochStats> history) throws IOException {
        int epoch = history.size();
        Path target = new Path(dir, String.format("epoch-%04d", epoch));
        Path tmp = new Path(dir, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        fs.mkdirs(tmp);
        try (FSDataOutputStream out = fs.create(new Path(tmp, NETWORK), false)) {
            ModelSerializer.writeModel(network, out, true);
        }
        try (FSDataOutputStream out = fs.create(new Path(tmp, HISTORY), false)) {
            out.write(JSON.writeValueAsBytes(history));
        }
        if (fs.exists(target)) {
            fs.delete(target, true);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename checkpoint " + tmp + " to " + target);
        }
        FileStatus[] all = fs.globStatus(new Path(dir, "epoch-[0-9][0-9][0-9][0-9]"));
        Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
        for (int i = 0; i < all.length - KEEP; i++) {
            fs.delete(all[i].getPath(), true);
        }
    }

    /** Moves the checkpoints into the finished run (as checkpoints/) just before it is committed. */
    public void moveInto(Path runWorkDir) throws IOException {
        if (fs.exists(dir) && !fs.rename(dir, new Path(runWorkDir, "checkpoints"))) {
            throw new IOException("cannot move " + dir + " into " + runWorkDir);
        }
    }
}
