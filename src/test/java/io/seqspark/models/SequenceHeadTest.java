package io.seqspark.models;

import io.seqspark.config.JobConfig;
import io.seqspark.config.Head;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.layers.AttentionPooling;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/** model.head: the networks ModelFactory builds with each head, padding invariance, parameters, round trips. */
class SequenceHeadTest {
    private static final JobConfig.TrainingSpec TRAINING = TestSpecs.training().seed(3).build();

    private static JobConfig.ModelSpec spec(String cell, List<Integer> units, boolean bidirectional, String head) {
        return TestSpecs.model(cell).units(units).bidirectional(bidirectional).head(head).build();
    }

    /** The production network in double precision, so differences are the arithmetic's and not float rounding. */
    private static MultiLayerNetwork doubleNet(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        MultiLayerNetwork d = net.convertDataType(DataType.DOUBLE);
        // Non-zero biases, so padded steps would change the output if they leaked in.
        d.params().addi(Nd4j.rand(DataType.DOUBLE, d.params().shape()).subi(0.5).muli(0.2));
        return d;
    }

    /**
     * Each example alone (no mask) predicts the same as inside a minibatch where it is padded at the end, or in
     * front, with masked steps of large random values; one example has a single real step.
     */
    @ParameterizedTest(name = "{0} {1} bidirectional={2}")
    @CsvSource({"last,lstm,false", "mean,lstm,false", "max,lstm,false", "attention,lstm,false",
            "last,gru,true", "mean,gru,true", "max,gru,true", "attention,gru,true",
            "mean,lstm,true", "max,gru,false", "attention,lstm,true", "attention,gru,false"})
    void paddingNeverChangesThePrediction(String head, String cell, boolean bidirectional) {
        MultiLayerNetwork net = doubleNet(ModelFactory.classifier(spec(cell, List.of(6, 4), bidirectional, head),
                TRAINING, 2, 3));
        int[] lengths = {5, 2, 1};
        int steps = 8;
        INDArray end = Nd4j.rand(DataType.DOUBLE, 3, 2, steps).muli(50);
        INDArray front = Nd4j.rand(DataType.DOUBLE, 3, 2, steps).muli(50);
        INDArray endMask = Nd4j.zeros(DataType.DOUBLE, 3, steps);
        INDArray frontMask = Nd4j.zeros(DataType.DOUBLE, 3, steps);
        INDArray[] alone = new INDArray[3];
        for (int i = 0; i < 3; i++) {
            int n = lengths[i];
            INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, n).subi(0.5).muli(2);
            alone[i] = x;
            end.get(point(i), all(), interval(0, n)).assign(x.get(point(0), all(), all()));
            endMask.get(point(i), interval(0, n)).assign(1);
            front.get(point(i), all(), interval(steps - n, steps)).assign(x.get(point(0), all(), all()));
            frontMask.get(point(i), interval(steps - n, steps)).assign(1);
        }
        INDArray endOut = net.output(end, false, endMask, null);
        INDArray frontOut = net.output(front, false, frontMask, null);
        for (int i = 0; i < 3; i++) {
            double[] expected = net.output(alone[i]).ravel().toDoubleVector();
            assertArrayEquals(expected, endOut.getRow(i).toDoubleVector(), 1e-6, head + " end padding, example " + i);
            assertArrayEquals(expected, frontOut.getRow(i).toDoubleVector(), 1e-6, head + " front padding, example "
                    + i);
        }
    }

    /**
     * Every head trains as the workers train: float, DL4J's workspaces on, padded minibatches, stacked and
     * bidirectional layers (DL4J's global pooling validates that its input lives in the activations workspace).
     */
    @ParameterizedTest(name = "{0} {1} bidirectional={2}")
    @CsvSource({"last,lstm,false", "mean,lstm,false", "max,lstm,false", "attention,lstm,false",
            "last,lstm,true", "mean,lstm,true", "max,lstm,true", "attention,lstm,true",
            "last,gru,true", "mean,gru,true", "max,gru,true", "attention,gru,true",
            "mean,gru,false", "max,gru,false"})
    void everyHeadTrainsWithWorkspacesAndPadding(String head, String cell, boolean bidirectional) {
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(spec(cell, List.of(6, 4),
                bidirectional, head), TRAINING, 2, 3));
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 7);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 4, 7);
        mask.get(point(1), interval(3, 7)).assign(0);
        mask.get(point(2), interval(1, 7)).assign(0);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1);
        }
        // Padded, and of equal lengths without a mask (Fashion-MNIST's rows).
        for (INDArray m : new INDArray[]{mask, null}) {
            org.nd4j.linalg.dataset.DataSet batch = new org.nd4j.linalg.dataset.DataSet(x, y, m, null);
            INDArray before = net.params().dup();
            double first = net.score(batch);
            for (int i = 0; i < 20; i++) {
                net.fit(batch);
            }
            assertTrue(net.score(batch) < first, head + ": the loss on the minibatch went down");
            assertTrue(net.params().sub(before).norm2Number().doubleValue() > 0);
        }
    }

    /** The same for token sequences (text classification), padded with id 0 as the text pipeline does. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"last", "mean", "max", "attention"})
    void textPaddingNeverChangesThePrediction(String head) {
        MultiLayerNetwork net = doubleNet(ModelFactory.tokenClassifier(spec("gru", List.of(6), true, head), TRAINING,
                50, 8, 2));
        INDArray tokens = Nd4j.create(new double[]{3, 17, 42}, new long[]{1, 1, 3}, 'c');
        INDArray padded = Nd4j.create(new double[]{3, 17, 42, 0, 0, 0, 0}, new long[]{1, 1, 7}, 'c');
        INDArray mask = Nd4j.create(new double[]{1, 1, 1, 0, 0, 0, 0}, new long[]{1, 7}, 'c');
        assertArrayEquals(net.output(tokens).ravel().toDoubleVector(),
                net.output(padded, false, mask, null).ravel().toDoubleVector(), 1e-6, head);
    }

    /** The heads differ: on the same input and parameters, mean, max and last give different predictions. */
    @Test
    void theHeadsReadTheSequenceDifferently() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 6);
        double[][] outs = new double[3][];
        String[] heads = {"last", "mean", "max"};
        for (int h = 0; h < 3; h++) {
            Nd4j.getRandom().setSeed(7);
            MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(spec("lstm", List.of(5), false,
                    heads[h]), TRAINING, 2, 3));
            net.init();
            outs[h] = net.convertDataType(DataType.DOUBLE).output(x).ravel().toDoubleVector();
        }
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                double diff = 0;
                for (int k = 0; k < outs[a].length; k++) {
                    diff = Math.max(diff, Math.abs(outs[a][k] - outs[b][k]));
                }
                assertTrue(diff > 1e-6, heads[a] + " and " + heads[b] + " predict the same");
            }
        }
    }

    @ParameterizedTest(name = "{0} bidirectional={1}")
    @CsvSource({"last,false", "mean,false", "max,true", "attention,false", "attention,true"})
    void parameterCountFollowsTheFormulas(String head, boolean bidirectional) {
        JobConfig.ModelSpec spec = spec("lstm", List.of(16, 8), bidirectional, head);
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(spec, TRAINING, 3, 4));
        net.init();
        assertEquals(ModelFactory.expectedParameters(spec, 3, 4), net.numParams());
        long width = bidirectional ? 16 : 8;
        long withoutAttention = ModelFactory.expectedParameters(spec.withHead(Head.LAST), 3, 4);
        assertEquals(head.equals("attention") ? width * width + 2 * width : 0,
                ModelFactory.expectedParameters(spec, 3, 4) - withoutAttention);
    }

    @Test
    void eachHeadIsTheLayerItNames() {
        assertInstanceOf(LastTimeStep.class, ModelFactory.classifier(spec("gru", List.of(4), false, "last"),
                TRAINING, 2, 3).getConf(0).getLayer());
        GlobalPoolingLayer mean = (GlobalPoolingLayer) ModelFactory.classifier(spec("gru", List.of(4), false,
                "mean"), TRAINING, 2, 3).getConf(1).getLayer();
        assertEquals(PoolingType.AVG, mean.getPoolingType());
        GlobalPoolingLayer max = (GlobalPoolingLayer) ModelFactory.tokenClassifier(spec("gru", List.of(4), false,
                "max"), TRAINING, 10, 3, 2).getConf(2).getLayer();
        assertEquals(PoolingType.MAX, max.getPoolingType());
        AttentionPooling attention = (AttentionPooling) ModelFactory.classifier(spec("lstm", List.of(4), true,
                "attention"), TRAINING, 2, 3).getConf(1).getLayer();
        assertEquals(8, attention.getNIn());
        assertEquals(8, attention.getNOut());
    }

    /**
     * Training broadcasts the configuration Java-serialized, scoring rebuilds it from JSON, saved models go through
     * ModelSerializer: each must give back the attention layer and the same predictions.
     */
    @Test
    void attentionRoundTripsThroughJsonJavaSerializationAndModelSerializer() throws Exception {
        MultiLayerConfiguration conf = ModelFactory.classifier(spec("gru", List.of(5), true, "attention"),
                TRAINING, 2, 3);
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        assertInstanceOf(AttentionPooling.class, fromJson.getConf(1).getLayer());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(conf);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(conf, in.readObject());
        }

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 4);
        INDArray mask = Nd4j.create(new float[]{1, 1, 1, 1, 1, 1, 0, 0}, new long[]{2, 4}, 'c');
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, saved, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(saved.toByteArray()), true);
        assertArrayEquals(net.output(x, false, mask, null).ravel().toFloatVector(),
                restored.output(x, false, mask, null).ravel().toFloatVector(), 0f);
    }
}
