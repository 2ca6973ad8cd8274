package io.seqspark.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.UserError;
import io.seqspark.storage.RunWriter;
import io.seqspark.storage.Storage;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.PreprocessingFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The model folder of a run: {@code network.zip} (DL4J network with updater state), {@code preprocessing.json}
 * (columns, label index, scaler) and {@code config.conf} (the resolved job configuration). A forecasting ensemble
 * (training.ensemble) adds its other members as {@code member-2.zip}, {@code member-3.zip}, ...
 *
 * A trained folder also holds {@code provenance.json} (see {@link Provenance}), which travels with the bundle.
 *
 * @param others     the ensemble's members after the first ({@code network}); empty for one network
 * @param provenance the content of provenance.json, or null where none was written yet (a run writes it last)
 */
public record ModelBundle(MultiLayerNetwork network, Preprocessing preprocessing, String config,
                          List<MultiLayerNetwork> others, String provenance) {
    public ModelBundle {
        Objects.requireNonNull(preprocessing, "preprocessing");
    }

    public ModelBundle(MultiLayerNetwork network, Preprocessing preprocessing, String config) {
        this(network, preprocessing, config, List.of());
    }

    public ModelBundle(MultiLayerNetwork network, Preprocessing preprocessing, String config,
                       List<MultiLayerNetwork> others) {
        this(network, preprocessing, config, others, null);
    }

    /**
     * The preprocessing as the kind of the task that reads it, which {@code Tasks.of(bundle)} chose by this kind.
     *
     * @throws IllegalStateException when it is another kind (a caller that skipped that choice)
     */
    public <P extends Preprocessing> P preprocessing(Class<P> kind) {
        if (!kind.isInstance(preprocessing)) {
            throw new IllegalStateException("the model's preprocessing is " + preprocessing.getClass().getSimpleName()
                    + ", not " + kind.getSimpleName());
        }
        return kind.cast(preprocessing);
    }

    /** Every network whose forecasts are averaged: {@code network}, then the others. */
    public List<MultiLayerNetwork> members() {
        List<MultiLayerNetwork> all = new ArrayList<>();
        all.add(network);
        all.addAll(others);
        return all;
    }

    private static String memberFile(int member) {
        return "member-" + member + ".zip";
    }

    public static final String DIR = "model";
    public static final String NETWORK = "network.zip";
    public static final String PREPROCESSING = "preprocessing.json";
    public static final String CONFIG = "config.conf";
    private static final String EXPECTED = "<output>/<job>/<run-id>/model, written by train";
    private static final List<String> FILES = List.of(NETWORK, PREPROCESSING, CONFIG);
    private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Opens a file of a model folder for writing, by its name in the folder. */
    public interface Sink {
        OutputStream create(String name) throws IOException;
    }

    /** Writes the model folder into the run ({@code model/}). */
    public void writeTo(RunWriter run) throws IOException {
        write(name -> run.create(DIR + "/" + name));
    }

    /**
     * The model folder's files: network.zip (with its updater state), an ensemble's member-N.zip, preprocessing.json
     * and config.conf, and provenance.json where the bundle has one. The one writer of a model folder (runs, and Spark ML's saved models), so that none of them
     * can leave a member out.
     */
    public void write(Sink sink) throws IOException {
        try (OutputStream out = sink.create(NETWORK)) {
            ModelSerializer.writeModel(network, out, true);
        }
        for (int i = 0; i < others.size(); i++) {
            try (OutputStream out = sink.create(memberFile(i + 2))) {
                ModelSerializer.writeModel(others.get(i), out, false);
            }
        }
        try (OutputStream out = sink.create(PREPROCESSING)) {
            out.write(JSON.writeValueAsString(PreprocessingFile.of(preprocessing)).getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream out = sink.create(CONFIG)) {
            out.write(config.getBytes(StandardCharsets.UTF_8));
        }
        if (provenance != null) {
            try (OutputStream out = sink.create(Provenance.FILE)) {
                out.write(provenance.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Checks that {@code modelDir} (as given to --model) is a model folder, before any work, and says what is wrong
     * when it is not. A run folder whose {@code model/} subfolder is complete stands for that subfolder.
     *
     * @return the model folder to read
     */
    public static String locate(String modelDir) throws IOException {
        Path dir = new Path(modelDir);
        FileSystem fs = Storage.fileSystem(dir);
        if (!fs.exists(dir)) {
            throw new UserError("--model " + modelDir + ": no such folder; expected a run's model folder, " + EXPECTED);
        }
        if (!fs.getFileStatus(dir).isDirectory()) {
            throw new UserError("--model " + modelDir + ": a file, not a folder; expected a run's model folder, "
                    + EXPECTED);
        }
        List<String> missing = missing(fs, dir);
        if (missing.isEmpty()) {
            return modelDir;
        }
        Path inner = new Path(dir, DIR);
        String trimmed = modelDir.replaceAll("/+$", "");
        if (fs.isDirectory(inner)) {
            List<String> innerMissing = missing(fs, inner);
            if (innerMissing.isEmpty()) {
                // A run folder: its model is unambiguous.
                LOG.info("--model {} is a run folder; using its model folder {}/{}", modelDir, trimmed, DIR);
                return trimmed + "/" + DIR;
            }
            throw new UserError("--model " + modelDir + ": a run folder whose model folder is incomplete, "
                    + trimmed + "/" + DIR + " lacks " + String.join(", ", innerMissing));
        }
        FileStatus[] children = fs.listStatus(dir);
        if (children.length == 0) {
            throw new UserError("--model " + modelDir + ": the folder is empty; expected a run's model folder, "
                    + EXPECTED);
        }
        if (missing.size() < FILES.size()) {
            throw new UserError("--model " + modelDir + ": incomplete model folder, it lacks "
                    + String.join(", ", missing) + " (a model folder holds " + String.join(", ", FILES) + ")");
        }
        // A job folder holds runs: name the newest one that has a model.
        String suggestion = null;
        for (FileStatus child : children) {
            if (child.isDirectory() && missing(fs, new Path(child.getPath(), DIR)).isEmpty()) {
                String candidate = trimmed + "/" + child.getPath().getName() + "/" + DIR;
                suggestion = suggestion == null || candidate.compareTo(suggestion) > 0 ? candidate : suggestion;
            }
        }
        throw new UserError("--model " + modelDir + ": not a model folder (no " + String.join(", ", FILES)
                + ")" + (suggestion != null ? "; did you mean " + suggestion + "?" : "; expected a run's model "
                + "folder, " + EXPECTED));
    }

    private static List<String> missing(FileSystem fs, Path dir) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            if (!fs.isFile(new Path(dir, f))) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** @param modelDir a model folder on any Hadoop file system (or a run folder, see {@link #locate}) */
    public static ModelBundle load(String modelDir) throws IOException {
        String dir = locate(modelDir);
        MultiLayerNetwork network;
        try (InputStream in = Storage.open(dir + "/" + NETWORK)) {
            network = ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (IOException | RuntimeException e) {
            throw new UserError("--model " + modelDir + ": " + dir + "/" + NETWORK + " is not a network saved by "
                    + "seqspark train (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
        PreprocessingFile file;
        try {
            file = JSON.readValue(Storage.readString(dir + "/" + PREPROCESSING), PreprocessingFile.class);
        } catch (JsonProcessingException e) {
            throw new UserError("--model " + modelDir + ": " + dir + "/" + PREPROCESSING + " is not seqspark "
                    + "preprocessing (" + e.getOriginalMessage() + ")", e);
        }
        Preprocessing preprocessing;
        try {
            preprocessing = file.preprocessing();
        } catch (IllegalArgumentException e) {
            throw new UserError("--model " + modelDir + ": " + dir + "/" + PREPROCESSING + " is not seqspark "
                    + "preprocessing (" + e.getMessage() + ")", e);
        }
        List<MultiLayerNetwork> others = new ArrayList<>();
        FileSystem fs = Storage.fileSystem(new Path(dir));
        for (int m = 2; fs.isFile(new Path(dir, memberFile(m))); m++) {
            try (InputStream in = Storage.open(dir + "/" + memberFile(m))) {
                others.add(ModelSerializer.restoreMultiLayerNetwork(in, false));
            } catch (IOException | RuntimeException e) {
                throw new UserError("--model " + modelDir + ": " + dir + "/" + memberFile(m) + " is not a network "
                        + "saved by seqspark train (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                        + ")", e);
            }
        }
        Path provenanceFile = new Path(dir, Provenance.FILE);
        String provenance = fs.isFile(provenanceFile) ? Storage.readString(provenanceFile.toString()) : null;
        return new ModelBundle(network, preprocessing, Storage.readString(dir + "/" + CONFIG), others, provenance);
    }
}
