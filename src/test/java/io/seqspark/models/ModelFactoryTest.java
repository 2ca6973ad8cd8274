package io.seqspark.models;

import io.seqspark.UserError;
import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import org.nd4j.linalg.dataset.DataSet;
import io.seqspark.vectorize.LabelIndex;
import io.seqspark.models.layers.MaskedLSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFactoryTest {
    private static final JobConfig.TrainingSpec TRAINING = TestSpecs.training().seed(3).build();

    private static JobConfig.ModelSpec spec(String cell, List<Integer> units, boolean bidirectional, String output,
                                            boolean resetAfter) {
        return TestSpecs.model(cell).units(units).bidirectional(bidirectional).output(output)
                .gruResetAfter(resetAfter).build();
    }

    private static MultiLayerNetwork net(JobConfig.ModelSpec spec, int features, int classes) {
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(spec, TRAINING, features, classes));
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0} bidirectional={1} resetAfter={2}")
    @CsvSource({"lstm,false,true", "lstm,true,true", "gru,false,true", "gru,true,true", "gru,false,false",
            "gru,true,false"})
    void parameterCountFollowsTheFormulas(String cell, boolean bidirectional, boolean resetAfter) {
        JobConfig.ModelSpec spec = spec(cell, List.of(16, 8), bidirectional, "hidden", resetAfter);
        assertEquals(ModelFactory.expectedParameters(spec, 3, 4), net(spec, 3, 4).numParams());
    }

    @Test
    void theFormulasThemselves() {
        // One layer, 3 inputs, 16 units, then a 4-class head of (16 + 1) * 4.
        assertEquals(4L * (3 + 16) * 16 + 4 * 16 + 17 * 4,
                ModelFactory.expectedParameters(spec("lstm", List.of(16), false, "hidden", true), 3, 4));
        assertEquals(3L * (3 + 16) * 16 + 4 * 16 + 17 * 4,
                ModelFactory.expectedParameters(spec("gru", List.of(16), false, "hidden", true), 3, 4));
        assertEquals(2 * (3L * (3 + 16) * 16 + 3 * 16) + 33 * 4,
                ModelFactory.expectedParameters(spec("gru", List.of(16), true, "hidden", false), 3, 4));
    }

    @Test
    void forgetGateBiasStartsAtOne() {
        MultiLayerNetwork net = net(spec("lstm", List.of(5), false, "hidden", true), 2, 3);
        LastTimeStep top = (LastTimeStep) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(1.0, ((MaskedLSTM) top.getUnderlying()).getForgetGateBiasInit());
        float[] bias = net.getLayer(0).getParam("b").toFloatVector();
        for (int i = 0; i < 20; i++) {
            assertEquals(i >= 5 && i < 10 ? 1.0f : 0.0f, bias[i], "bias " + i + " (blocks i, f, o, g)");
        }
    }

    @Test
    void gruUpdateGateBiasStartsAtTwo() {
        MultiLayerNetwork net = net(spec("gru", List.of(5), false, "hidden", true), 2, 3);
        float[] bias = net.getLayer(0).getParam("b").toFloatVector();
        for (int i = 0; i < 15; i++) {
            assertEquals(i >= 5 && i < 10 ? 2.0f : 0.0f, bias[i], "bias " + i + " (blocks r, z, n)");
        }
    }

    @ParameterizedTest(name = "{0} bidirectional={1} output={2}")
    @CsvSource({"lstm,false,hidden", "lstm,true,hidden", "lstm,false,cell", "lstm,true,cell", "gru,false,hidden",
            "gru,true,hidden"})
    void appendingPaddingNeverChangesThePrediction(String cell, boolean bidirectional, String output) {
        MultiLayerNetwork net = net(spec(cell, List.of(6, 4), bidirectional, output, true), 2, 3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 5);
        INDArray padded = Nd4j.concat(2, x, Nd4j.rand(DataType.FLOAT, 2, 2, 4).muli(50));
        INDArray mask = Nd4j.concat(1, Nd4j.ones(DataType.FLOAT, 2, 5), Nd4j.zeros(DataType.FLOAT, 2, 4));
        INDArray plain = net.output(x);
        INDArray withPadding = net.output(padded, false, mask, null);
        assertArrayEquals(plain.ravel().toFloatVector(), withPadding.ravel().toFloatVector(), 1e-6f);
        // Padding in front (sequences aligned at the end) is harmless too: the state stays at its start value.
        INDArray front = Nd4j.concat(2, Nd4j.rand(DataType.FLOAT, 2, 2, 4).muli(50), x);
        INDArray frontMask = Nd4j.concat(1, Nd4j.zeros(DataType.FLOAT, 2, 4), Nd4j.ones(DataType.FLOAT, 2, 5));
        assertArrayEquals(plain.ravel().toFloatVector(), net.output(front, false, frontMask, null).ravel()
                .toFloatVector(), 1e-6f);
    }

    /**
     * Why seqspark has its own LSTM. Measured here: DL4J's LSTM resets its state to zero on a masked step, so a
     * masked step inside a sequence (a gap) wipes its memory; seqspark's layers carry the state across it.
     */
    @Test
    void aMaskedGapKeepsTheStateInSeqsparkLayersButNotInDl4jLstm() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 5);
        INDArray gapped = Nd4j.concat(2, x.get(all(), all(), interval(0, 3)), Nd4j.rand(DataType.FLOAT, 2, 2, 1),
                x.get(all(), all(), interval(3, 5)));
        INDArray gapMask = Nd4j.ones(DataType.FLOAT, 2, 6);
        gapMask.getColumn(3).assign(0);
        for (String cell : List.of("lstm", "gru")) {
            MultiLayerNetwork ours = net(spec(cell, List.of(4), false, "hidden", true), 2, 3);
            assertArrayEquals(ours.output(x).ravel().toFloatVector(),
                    ours.output(gapped, false, gapMask, null).ravel().toFloatVector(), 1e-6f, cell);
        }
        MultiLayerNetwork dl4j = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).list()
                .layer(new LastTimeStep(new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nIn(2).nOut(4).build()))
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(4).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build());
        dl4j.init();
        assertTrue(!dl4j.output(x).equalsWithEps(dl4j.output(gapped, false, gapMask, null), 1e-4),
                "DL4J's LSTM forgets across a masked step");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lstm", "gru"})
    void tokenSequencesGoThroughAnEmbedding(String cell) {
        JobConfig.ModelSpec spec = spec(cell, List.of(6), true, "hidden", true);
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.tokenClassifier(spec, TRAINING, 50, 8, 2));
        net.init();
        long embedding = 50 * 8; // one vector per token id, no bias
        assertEquals(embedding + ModelFactory.expectedParameters(spec, 8, 2), net.numParams());
        INDArray tokens = Nd4j.create(new float[]{3, 17, 42, 5, 9, 1}, new long[]{2, 1, 3}, 'c');
        INDArray padded = Nd4j.concat(2, tokens, Nd4j.zeros(DataType.FLOAT, 2, 1, 2));
        INDArray mask = Nd4j.create(new float[]{1, 1, 1, 0, 0, 1, 1, 1, 0, 0}, new long[]{2, 5}, 'c');
        assertArrayEquals(net.output(tokens).ravel().toFloatVector(),
                net.output(padded, false, mask, null).ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void cellOutputNeedsAnLstm() {
        UserError e = assertThrows(UserError.class,
                () -> ConfigLoader.load(null, List.of("model.cell=gru", "model.output=cell")));
        assertTrue(e.getMessage().contains("model.output: cell requires model.cell = lstm"), e.getMessage());
    }

    @Test
    void balancedClassWeightsScaleEachExamplesLoss() {
        LabelIndex labels = new LabelIndex(List.of("common", "rare"), List.of(90L, 10L));
        double[] weights = labels.balancedWeights();
        assertArrayEquals(new double[]{100 / 180.0, 100 / 20.0}, weights, 1e-12);
        JobConfig.ModelSpec spec = spec("gru", List.of(4), false, "hidden", true);
        MultiLayerNetwork plain = net(spec, 2, 2);
        MultiLayerNetwork weighted = new MultiLayerNetwork(ModelFactory.classifier(spec, TRAINING, 2, 2, weights));
        weighted.init(plain.params().dup(), false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 2, 5);
        for (int cls = 0; cls < 2; cls++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 2);
            y.putScalar(0, cls, 1);
            DataSet one = new DataSet(x, y);
            assertEquals(weights[cls] * plain.score(one), weighted.score(one), 1e-4 * weighted.score(one),
                    "class " + cls + " loss scaled by its weight");
        }
    }
}
