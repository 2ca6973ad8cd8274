package io.seqspark.models.layers;

import io.seqspark.models.losses.NonCrossingQuantiles;
import io.seqspark.models.losses.PinballLoss;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quantile forecaster's output layer (NonCrossingQuantiles activation, PinballLoss) under DL4J's
 * GradientCheckUtil in double precision (epsilon 1e-6, max relative error 1e-3, min absolute error 1e-8), on a dense
 * layer and on seqspark's recurrent layers read at the last step as ModelFactory.forecaster arranges them; and the
 * loss's value and the activation's ordering checked directly.
 */
class QuantileLossGradientCheckTest {
    private static final int N_IN = 3;
    private static final int MINIBATCH = 4;
    private static final int STEPS = 5;
    /** Forecast values per example (horizon x targets), each with every level. */
    private static final int VALUES = 2;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static double[] levels(int n) {
        return switch (n) {
            case 1 -> new double[]{0.5};
            case 2 -> new double[]{0.2, 0.8};
            case 3 -> new double[]{0.1, 0.5, 0.9};
            default -> new double[]{0.05, 0.25, 0.5, 0.75, 0.95};
        };
    }

    /** @param width the hidden layer's outputs (RecurrentGradientCheckTest.recurrent has 4 units) */
    private static MultiLayerNetwork net(Layer hidden, int width, double[] levels, InputType input) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(hidden)
                .layer(new OutputLayer.Builder(new PinballLoss(levels)).activation(new NonCrossingQuantiles(levels.length))
                        .nIn(width).nOut((long) VALUES * levels.length).build())
                .setInputType(input).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.params().addi(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(0.2));
        return net;
    }

    /** Each value's actual repeated once per level, as ForecastBatches lays labels out. */
    private static INDArray labels(int levels, long seed) {
        Random r = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, MINIBATCH, VALUES * levels);
        for (int i = 0; i < MINIBATCH; i++) {
            for (int v = 0; v < VALUES; v++) {
                double actual = r.nextGaussian();
                for (int l = 0; l < levels; l++) {
                    y.putScalar(i, v * levels + l, actual);
                }
            }
        }
        return y;
    }

    private static void check(MultiLayerNetwork net, INDArray input, int levels, String what) {
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels(levels, 7)));
        assertTrue(ok, "gradient check failed for " + what);
    }

    @ParameterizedTest(name = "{0} levels")
    @ValueSource(ints = {1, 2, 3, 5})
    void onDenseLayer(int n) {
        MultiLayerNetwork net = net(new DenseLayer.Builder().nIn(N_IN).nOut(6).activation(Activation.TANH).build(), 6,
                levels(n), InputType.feedForward(N_IN));
        check(net, Nd4j.rand(DataType.DOUBLE, MINIBATCH, N_IN).subi(0.5).muli(4), n, "dense, " + n + " levels");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm-hidden", "gru-reset-after"})
    void onRecurrentLayerLastStep(String variant) {
        MultiLayerNetwork net = net(new LastTimeStep(RecurrentGradientCheckTest.recurrent(N_IN, variant)), 4,
                levels(3), InputType.recurrent(N_IN, RNNFormat.NCW));
        check(net, Nd4j.rand(DataType.DOUBLE, MINIBATCH, N_IN, STEPS).subi(0.5).muli(2), 3, variant);
    }

    @Test
    void activationNeverCrossesAndKeepsTheLowestLevel() {
        NonCrossingQuantiles a = new NonCrossingQuantiles(3);
        INDArray z = Nd4j.rand(DataType.DOUBLE, 50, 6).subi(0.5).muli(40); // large negative increments too
        INDArray q = a.getActivation(z.dup(), false);
        for (int i = 0; i < 50; i++) {
            for (int g = 0; g < 6; g += 3) {
                assertEquals(z.getDouble(i, g), q.getDouble(i, g), 1e-12);
                for (int l = 1; l < 3; l++) {
                    double step = q.getDouble(i, g + l) - q.getDouble(i, g + l - 1);
                    assertTrue(step >= 0, "crossed at row " + i);
                    assertEquals(Math.log1p(Math.exp(z.getDouble(i, g + l))), step, 1e-9);
                }
            }
        }
    }

    @Test
    void lossIsTheMeanPinballLossOfTheColumns() {
        PinballLoss loss = new PinballLoss(0.1, 0.9);
        INDArray y = Nd4j.create(new double[][]{{1, 1}, {0, 0}});
        INDArray q = Nd4j.create(new double[][]{{0, 3}, {-1, 2}});
        // Row 1: u = 1 below the 0.1 level: 0.1 * 1; u = -2 under the 0.9 level: 0.1 * 2. Row 2: 0.1 * 1, 0.1 * 2.
        INDArray scores = loss.computeScoreArray(y, q, Activation.IDENTITY.getActivationFunction(), null);
        assertArrayEquals(new double[]{0.15, 0.15}, scores.toDoubleVector(), 1e-12);
        assertEquals(0.15, loss.computeScore(y, q, Activation.IDENTITY.getActivationFunction(), null, true), 1e-12);
        INDArray g = loss.computeGradient(y, q, Activation.IDENTITY.getActivationFunction(), null);
        assertArrayEquals(new double[]{-0.05, 0.05}, g.getRow(0).toDoubleVector(), 1e-12);
    }

    @Test
    void outputLayerConfigRoundTripsThroughJsonAndJavaSerialization() throws Exception {
        MultiLayerConfiguration conf = net(new DenseLayer.Builder().nIn(N_IN).nOut(4).build(), 4, levels(3),
                InputType.feedForward(N_IN)).getLayerWiseConfigurations();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(conf);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(conf, in.readObject());
        }
    }
}
