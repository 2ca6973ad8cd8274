package io.seqspark.it;

import io.seqspark.models.ModelBundle;
import io.seqspark.vectorize.Preprocessing;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * Loads a saved model and writes the raw bits of its predictions for {@link #fixedInput} to a file; run in a
 * separate JVM by {@link ModelReloadIT} to prove predictions survive save and reload.
 */
public final class PredictOnce {
    private PredictOnce() {
    }

    /** The same input in every JVM: a deterministic ramp over [batch 4, features, 30 steps]. */
    static INDArray fixedInput(int features) {
        float[] data = new float[4 * features * 30];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.37) * 1.5f;
        }
        return org.nd4j.linalg.factory.Nd4j.create(data, new long[]{4, features, 30}, 'c');
    }

    static float[] predict(String modelDir) throws IOException {
        ModelBundle model = ModelBundle.load(modelDir);
        int features = model.preprocessing(Preprocessing.SequenceClassification.class).sequence().features();
        return model.network().output(fixedInput(features)).ravel()
                .toFloatVector();
    }

    public static void main(String[] args) throws IOException {
        float[] out = predict(args[0]);
        try (DataOutputStream file = new DataOutputStream(new FileOutputStream(args[1]))) {
            file.writeInt(out.length);
            for (float f : out) {
                file.writeInt(Float.floatToRawIntBits(f));
            }
        }
    }
}
