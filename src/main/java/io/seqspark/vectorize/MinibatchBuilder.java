package io.seqspark.vectorize;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Packs labelled sequences into DL4J minibatches on the executors: features [batch, features, time] (NCW),
 * one-hot labels [batch, classes] (all zero for an unlabelled sequence), and a feature mask [batch, time] when lengths differ within the batch.
 * Shorter sequences are padded with zeros at the end, so the last real step of each is found through the mask
 * and a causal (forward) recurrent layer never sees padding before it.
 */
public final class MinibatchBuilder {
    private MinibatchBuilder() {
    }

    public static JavaRDD<DataSet> batches(JavaRDD<LabeledSequence> sequences, LabelIndex labels,
                                           FeatureScaler scaler, int batchSize) {
        return sequences.mapPartitions(it -> Chunks.map(it, batchSize, batch -> toDataSet(batch, labels, scaler)));
    }

    public static DataSet toDataSet(List<LabeledSequence> batch, LabelIndex labels, FeatureScaler scaler) {
        int n = batch.size();
        int features = batch.get(0).steps()[0].length;
        int maxLength = 0;
        int minLength = Integer.MAX_VALUE;
        for (LabeledSequence s : batch) {
            maxLength = Math.max(maxLength, s.length());
            minLength = Math.min(minLength, s.length());
        }
        float[] x = new float[n * features * maxLength];
        float[] mask = new float[n * maxLength];
        float[] y = new float[n * labels.size()];
        for (int i = 0; i < n; i++) {
            LabeledSequence s = batch.get(i);
            float[][] steps = scaler.apply(s.steps());
            for (int t = 0; t < steps.length; t++) {
                for (int f = 0; f < features; f++) {
                    x[(i * features + f) * maxLength + t] = steps[t][f];
                }
                mask[i * maxLength + t] = 1;
            }
            if (s.label() == null) {
                continue; // unlabelled (scoring): the labels row stays zero
            }
            int cls = labels.indexOf(s.label());
            if (cls < 0) {
                throw new IllegalArgumentException("label '" + s.label() + "' of sequence " + s.id()
                        + " is not one of the training labels " + labels.labels());
            }
            y[i * labels.size() + cls] = 1;
        }
        INDArray features3d = Nd4j.create(x, new long[]{n, features, maxLength}, 'c');
        INDArray labels2d = Nd4j.create(y, new long[]{n, labels.size()}, 'c');
        INDArray featureMask = minLength == maxLength ? null
                : Nd4j.create(mask, new long[]{n, maxLength}, 'c');
        return new DataSet(features3d, labels2d, featureMask, null);
    }
}
