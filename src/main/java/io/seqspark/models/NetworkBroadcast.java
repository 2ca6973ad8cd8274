package io.seqspark.models;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A trained network sent to the executors once (as ModelSerializer bytes, without updater state) for scoring.
 * Each task restores its own copy: a MultiLayerNetwork is not safe to share between the task threads of one
 * executor.
 */
public final class NetworkBroadcast implements Serializable {
    private final Broadcast<byte[]> bytes;

    private NetworkBroadcast(Broadcast<byte[]> bytes) {
        this.bytes = bytes;
    }

    public static NetworkBroadcast of(JavaSparkContext jsc, MultiLayerNetwork network) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, out, false);
            return new NetworkBroadcast(jsc.broadcast(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh copy of the network, for one task. */
    public MultiLayerNetwork restore() {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.value()), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the broadcast network", e);
        }
    }

    public void destroy() {
        bytes.destroy();
    }
}
