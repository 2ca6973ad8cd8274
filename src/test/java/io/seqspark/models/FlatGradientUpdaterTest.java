package io.seqspark.models;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FlatGradientUpdater} takes DL4J's standard updater path and must train exactly as DL4J's own updater (its
 * external path): the same parameters and Adam state, float for float, after several minibatches, for our LSTM and
 * GRU layers with padding masks, and for a network with L2 regularization and per-layer gradient clipping (the
 * parts of the update that differ between the two paths).
 */
class FlatGradientUpdaterTest {
    private static final int FEATURES = 3;
    private static final int CLASSES = 4;
    private static final int STEPS = 7;

    /** Minibatches of 8 padded sequences (lengths 2..7) with one label each. */
    private static List<DataSet> classification(long seed) {
        Random random = new Random(seed);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, 8, FEATURES, STEPS);
            INDArray mask = Nd4j.zeros(DataType.FLOAT, 8, STEPS);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 8, CLASSES);
            for (int i = 0; i < 8; i++) {
                int length = 2 + random.nextInt(STEPS - 1);
                for (int t = 0; t < length; t++) {
                    mask.putScalar(i, t, 1);
                    for (int f = 0; f < FEATURES; f++) {
                        x.putScalar(new int[]{i, f, t}, random.nextGaussian());
                    }
                }
                y.putScalar(i, random.nextInt(CLASSES), 1);
            }
            batches.add(new DataSet(x, y, mask, null));
        }
        return batches;
    }

    /** Per-step labels with a label mask, for the plain DL4J network. */
    private static List<DataSet> perStep(long seed) {
        Random random = new Random(seed);
        List<DataSet> batches = new ArrayList<>();
        for (DataSet d : classification(seed)) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, 8, CLASSES, STEPS);
            for (int i = 0; i < 8; i++) {
                for (int t = 0; t < STEPS; t++) {
                    y.putScalar(new int[]{i, random.nextInt(CLASSES), t}, 1);
                }
            }
            batches.add(new DataSet(d.getFeatures(), y, d.getFeaturesMaskArray(), d.getFeaturesMaskArray()));
        }
        return batches;
    }

    private static MultiLayerConfiguration ours(String cell) {
        JobConfig.ModelSpec model = TestSpecs.model(cell).units(6, 5).build();
        return ModelFactory.classifier(model, TestSpecs.training().build(), FEATURES,
                CLASSES);
    }

    private static MultiLayerConfiguration regularized() {
        return new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT).updater(new Adam(0.01))
                .l1(1e-3).weightDecay(1e-3)
                .gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(0.05)
                .list()
                .layer(new LSTM.Builder().nIn(FEATURES).nOut(6).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /** Trains a copy with DL4J's updater and a copy with ours from the same start; both must end identical. */
    private static void assertSameTraining(MultiLayerConfiguration conf, List<DataSet> batches) {
        MultiLayerNetwork dl4j = new MultiLayerNetwork(conf.clone());
        dl4j.init();
        MultiLayerNetwork flat = new MultiLayerNetwork(conf.clone());
        flat.init(dl4j.params().dup(), true);
        FlatGradientUpdater.install(flat);
        INDArray start = dl4j.params().dup();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (DataSet batch : batches) {
                dl4j.fit(batch);
                flat.fit(batch);
            }
        }
        assertNotEquals(start, dl4j.params(), "training moved the parameters");
        assertInstanceOf(FlatGradientUpdater.class, flat.getUpdater());
        assertArrayEquals(dl4j.params().toFloatVector(), flat.params().toFloatVector(), "parameters");
        assertArrayEquals(dl4j.getUpdater().getStateViewArray().toFloatVector(),
                flat.getUpdater().getStateViewArray().toFloatVector(), "Adam's moments");
        assertArrayEquals(new double[]{dl4j.score()}, new double[]{flat.score()}, "score");
    }

    @Test
    void ourLstmAndGruWithPaddingTrainExactlyAsWithDl4jsUpdater() {
        assertSameTraining(ours("lstm"), classification(1));
        assertSameTraining(ours("gru"), classification(2));
    }

    @Test
    void regularizationAndGradientClippingTrainExactlyAsWithDl4jsUpdater() {
        assertSameTraining(regularized(), perStep(3));
    }

    /** The case this class exists for: DL4J's gradient of a network is recognised as the network's own. */
    @Test
    void aNetworksGradientIsRecognisedAsItsOwnAndACopyIsNot() {
        MultiLayerNetwork net = new MultiLayerNetwork(ours("lstm"));
        net.init();
        DataSet batch = classification(5).get(0);
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.setLayerMaskArrays(batch.getFeaturesMaskArray(), null);
        net.computeGradientAndScore();
        INDArray flat = net.gradient().gradient();
        assertNotSame(net.getFlattenedGradients(), flat, "DL4J M2.1 hands out a new view (else this class is moot)");
        assertTrue(FlatGradientUpdater.own(flat, net.getFlattenedGradients()));
        assertFalse(FlatGradientUpdater.own(flat.dup(), net.getFlattenedGradients()));
        assertFalse(FlatGradientUpdater.own(flat.get(NDArrayIndex.interval(0, 10)), net.getFlattenedGradients()));
    }

    @Test
    void installKeepsTheUpdaterStateArrayAndIsIdempotent() {
        MultiLayerNetwork net = new MultiLayerNetwork(ours("lstm"));
        net.init();
        net.fit(classification(4).get(0));
        assertInstanceOf(MultiLayerUpdater.class, net.getUpdater());
        INDArray state = net.getUpdater().getStateViewArray();
        float[] moments = state.toFloatVector();
        FlatGradientUpdater.install(net);
        FlatGradientUpdater first = (FlatGradientUpdater) net.getUpdater();
        assertSame(state, first.getStateViewArray(), "Adam's state carried over, not reset");
        assertArrayEquals(moments, first.getStateViewArray().toFloatVector());
        FlatGradientUpdater.install(net);
        assertSame(first, net.getUpdater());
    }
}
