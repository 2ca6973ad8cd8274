package io.seqspark.models.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GRU forward semantics: the equations, masks, stored state, configuration round trips. */
class GRULayerTest {
    private static final int N_IN = 2;
    private static final int N = 3;
    private static final int STEPS = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork net(boolean resetAfter) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new GRU.Builder().nIn(N_IN).nOut(N).resetAfter(resetAfter).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(N).nOut(1).build())
                .setInputType(InputType.recurrent(N_IN, RNNFormat.NCW))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.params().addi(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5));
        return net;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The GRU equations of NOTES.md evaluated with plain Java doubles, from the layer's parameters. */
    private static double[][] reference(MultiLayerNetwork net, INDArray x, int example, boolean resetAfter) {
        INDArray w = net.getLayer(0).getParam("W");
        INDArray u = net.getLayer(0).getParam("RW");
        INDArray b = net.getLayer(0).getParam("b");
        INDArray rb = resetAfter ? net.getLayer(0).getParam("RB") : null;
        double[] h = new double[N];
        double[][] out = new double[STEPS][N];
        for (int t = 0; t < STEPS; t++) {
            double[] r = new double[N];
            double[] z = new double[N];
            for (int j = 0; j < N; j++) {
                double ar = b.getDouble(0, j);
                double az = b.getDouble(0, N + j);
                for (int i = 0; i < N_IN; i++) {
                    ar += x.getDouble(example, i, t) * w.getDouble(i, j);
                    az += x.getDouble(example, i, t) * w.getDouble(i, N + j);
                }
                for (int k = 0; k < N; k++) {
                    ar += h[k] * u.getDouble(k, j);
                    az += h[k] * u.getDouble(k, N + j);
                }
                r[j] = sigmoid(ar);
                z[j] = sigmoid(az);
            }
            double[] next = new double[N];
            for (int j = 0; j < N; j++) {
                double an = b.getDouble(0, 2 * N + j);
                for (int i = 0; i < N_IN; i++) {
                    an += x.getDouble(example, i, t) * w.getDouble(i, 2 * N + j);
                }
                double rec = 0;
                for (int k = 0; k < N; k++) {
                    rec += (resetAfter ? h[k] : r[k] * h[k]) * u.getDouble(k, 2 * N + j);
                }
                an += resetAfter ? r[j] * (rec + rb.getDouble(0, j)) : rec;
                double nj = Math.tanh(an);
                next[j] = (1 - z[j]) * nj + z[j] * h[j];
            }
            h = next;
            out[t] = h.clone();
        }
        return out;
    }

    @ParameterizedTest(name = "resetAfter={0}")
    @ValueSource(booleans = {true, false})
    void forwardMatchesTheEquations(boolean resetAfter) {
        MultiLayerNetwork net = net(resetAfter);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, N_IN, STEPS).subi(0.5).muli(4);
        INDArray out = net.feedForwardToLayer(0, x).get(1);
        for (int e = 0; e < 2; e++) {
            double[][] expected = reference(net, x, e, resetAfter);
            for (int t = 0; t < STEPS; t++) {
                for (int j = 0; j < N; j++) {
                    assertEquals(expected[t][j], out.getDouble(e, j, t), 1e-12, "example " + e + " t " + t);
                }
            }
        }
    }

    @ParameterizedTest(name = "resetAfter={0}")
    @ValueSource(booleans = {true, false})
    void paddingNeverChangesTheStateOrTheOutput(boolean resetAfter) {
        MultiLayerNetwork net = net(resetAfter);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, N_IN, STEPS);
        INDArray garbage = Nd4j.rand(DataType.DOUBLE, 1, N_IN, 3).muli(100);
        INDArray padded = Nd4j.concat(2, x, garbage);
        INDArray mask = Nd4j.concat(1, Nd4j.ones(DataType.DOUBLE, 1, STEPS), Nd4j.zeros(DataType.DOUBLE, 1, 3));
        net.setLayerMaskArrays(mask, null);
        INDArray gruOut = net.feedForwardToLayer(0, padded).get(1);
        net.clearLayerMaskArrays();
        INDArray plain = net.feedForwardToLayer(0, x).get(1);
        INDArray realPart = gruOut.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, STEPS));
        assertEquals(plain, realPart);
        assertEquals(0.0, gruOut.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(STEPS, STEPS + 3))
                .amaxNumber().doubleValue(), "masked steps output zeros");
    }

    @ParameterizedTest(name = "resetAfter={0}")
    @ValueSource(booleans = {true, false})
    void stepByStepEqualsTheWholeSequence(boolean resetAfter) {
        MultiLayerNetwork net = net(resetAfter);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, N_IN, STEPS);
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        for (int t = 0; t < STEPS; t++) {
            INDArray step = net.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(t, t + 1)));
            for (int e = 0; e < 2; e++) {
                assertEquals(whole.getDouble(e, 0, t), step.getDouble(e, 0, 0), 1e-12);
            }
        }
    }

    /**
     * Truncated BPTT carries the state across segments: a per-step task whose answer is the input 3 steps back,
     * trained in segments of 4 steps, is learned (needs the stored state at segment starts, and backprop inside
     * each segment).
     */
    @Test
    void learnsWithTruncatedBackpropThroughTime() {
        for (boolean lstm : new boolean[]{false, true}) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                    .updater(new org.nd4j.linalg.learning.config.Adam(0.02)).list()
                    .layer(lstm ? new MaskedLSTM.Builder().nIn(1).nOut(16).build()
                            : new GRU.Builder().nIn(1).nOut(16).build())
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                            .activation(Activation.IDENTITY).nIn(16).nOut(1).build())
                    .backpropType(org.deeplearning4j.nn.conf.BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(4).tBPTTBackwardLength(4)
                    .setInputType(InputType.recurrent(1, RNNFormat.NCW))
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 32, 1, 24).subi(0.5);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 32, 1, 24);
            y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 24))
                    .assign(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 21)));
            org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x, y);
            double before = net.score(ds);
            for (int i = 0; i < 300; i++) {
                net.fit(ds);
            }
            double after = net.score(ds);
            assertTrue(after < before / 10, (lstm ? "LSTM" : "GRU") + " loss " + before + " -> " + after);
        }
    }

    @Test
    void configurationSurvivesJsonAndJavaSerialization() throws Exception {
        GRU layer = new GRU.Builder().nIn(5).nOut(7).resetAfter(false).activation(Activation.SOFTSIGN)
                .gateActivationFunction(Activation.HARDSIGMOID).weightInitRecurrent(new OrthogonalInit()).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list().layer(layer)
                .layer(new RnnOutputLayer.Builder().nIn(7).nOut(2).build()).build();
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        GRU back = (GRU) fromJson.getConf(0).getLayer();
        assertEquals(false, back.isResetAfter());
        assertEquals(Activation.HARDSIGMOID.getActivationFunction(), back.getGateActivationFn());
        assertTrue(back.getWeightInitFnRecurrent() instanceof OrthogonalInit);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(conf);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(conf, in.readObject());
        }
        GRU other = new GRU.Builder().nIn(5).nOut(7).resetAfter(true).activation(Activation.SOFTSIGN)
                .gateActivationFunction(Activation.HARDSIGMOID).build();
        assertNotEquals(layer, other, "the variant is part of the configuration's identity");
    }

    @Test
    void savedModelPredictsIdentically() throws Exception {
        MultiLayerNetwork net = net(true);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, N_IN, STEPS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(net.output(x), restored.output(x));
        assertEquals(net.params(), restored.params());
    }

    @Test
    void orthogonalInitGivesOrthogonalRecurrentBlocks() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).list()
                .layer(new GRU.Builder().nIn(3).nOut(6).weightInitRecurrent(new OrthogonalInit()).build())
                .layer(new RnnOutputLayer.Builder().nIn(6).nOut(2).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray rw = net.getLayer(0).getParam("RW");
        for (int block = 0; block < 3; block++) {
            INDArray u = rw.get(NDArrayIndex.all(), NDArrayIndex.interval(block * 6, (block + 1) * 6));
            INDArray gram = u.transpose().mmul(u);
            assertTrue(gram.equalsWithEps(Nd4j.eye(6).castTo(DataType.DOUBLE), 1e-9), "block " + block + ": " + gram);
        }
    }
}
