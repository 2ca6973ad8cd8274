package io.seqspark.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.storage.RunWriter;
import io.seqspark.storage.Storage;
import io.seqspark.vectorize.Preprocessing;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The model folder of a run: {@code network.zip} (DL4J network with updater state), {@code preprocessing.json}
 * (columns, label index, scaler) and {@code config.conf} (the resolved job configuration).
 */
public record ModelBundle(MultiLayerNetwork network, Preprocessing preprocessing, String config) {
    public static final String DIR = "model";
    public static final String NETWORK = "network.zip";
    public static final String PREPROCESSING = "preprocessing.json";
    public static final String CONFIG = "config.conf";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void writeTo(RunWriter run) throws IOException {
        try (OutputStream out = run.create(DIR + "/" + NETWORK)) {
            ModelSerializer.writeModel(network, out, true);
        }
        run.writeString(DIR + "/" + PREPROCESSING, JSON.writeValueAsString(preprocessing));
        run.writeString(DIR + "/" + CONFIG, config);
    }

    /** @param modelDir a model folder on any Hadoop file system */
    public static ModelBundle load(String modelDir) throws IOException {
        MultiLayerNetwork network;
        try (InputStream in = Storage.open(modelDir + "/" + NETWORK)) {
            network = ModelSerializer.restoreMultiLayerNetwork(in, true);
        }
        Preprocessing preprocessing = JSON.readValue(Storage.readString(modelDir + "/" + PREPROCESSING),
                Preprocessing.class);
        return new ModelBundle(network, preprocessing, Storage.readString(modelDir + "/" + CONFIG));
    }
}
