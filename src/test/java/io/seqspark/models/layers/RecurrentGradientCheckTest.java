package io.seqspark.models.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's GradientCheckUtil on seqspark's GRU (both variants) and masked LSTM (hidden and cell output) in double
 * precision with DL4J's standard settings (epsilon 1e-6, max
 * relative error 1e-3, min absolute error 1e-8), in every arrangement the model builder uses.
 */
class RecurrentGradientCheckTest {
    private static final int N_IN = 3;
    private static final int UNITS = 4;
    private static final int CLASSES = 3;
    private static final int MINIBATCH = 3;
    private static final int STEPS = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** The recurrent layers under test, by name. */
    static List<String> variants() {
        return List.of("gru-reset-after", "gru-reset-before", "lstm-hidden", "lstm-cell");
    }

    /** One of {@link #variants()} with {@code UNITS} units (SequenceHeadGradientCheckTest builds on them too). */
    static Layer recurrent(int nIn, String variant) {
        return switch (variant) {
            case "gru-reset-after" -> new GRU.Builder().nIn(nIn).nOut(UNITS).resetAfter(true).build();
            case "gru-reset-before" -> new GRU.Builder().nIn(nIn).nOut(UNITS).resetAfter(false).build();
            case "lstm-hidden" -> new MaskedLSTM.Builder().nIn(nIn).nOut(UNITS).build();
            case "lstm-cell" -> new MaskedLSTM.Builder().nIn(nIn).nOut(UNITS).cellOutput(true).build();
            default -> throw new IllegalArgumentException(variant);
        };
    }

    private static MultiLayerNetwork net(Layer... layers) {
        return net(CacheMode.NONE, layers);
    }

    private static MultiLayerNetwork net(CacheMode cacheMode, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp()).cacheMode(cacheMode)
                .weightInit(WeightInit.XAVIER).list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerConfiguration conf = b.setInputType(InputType.recurrent(N_IN, RNNFormat.NCW)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Non-zero biases so every bias gradient is exercised.
        net.params().addi(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(0.2));
        return net;
    }

    private static RnnOutputLayer perStepOutput(int nIn) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(nIn).nOut(CLASSES).build();
    }

    /** Lengths 5, 3, 1: the shorter sequences are padded at the end. */
    private static INDArray mask() {
        INDArray mask = Nd4j.ones(DataType.DOUBLE, MINIBATCH, STEPS);
        for (int t = 3; t < STEPS; t++) {
            mask.putScalar(1, t, 0);
        }
        for (int t = 1; t < STEPS; t++) {
            mask.putScalar(2, t, 0);
        }
        return mask;
    }

    private static INDArray input() {
        return Nd4j.rand(DataType.DOUBLE, MINIBATCH, N_IN, STEPS).subi(0.5).muli(2);
    }

    private static INDArray perStepLabels() {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, MINIBATCH, CLASSES, STEPS);
        Random rnd = new Random(7);
        for (int i = 0; i < MINIBATCH; i++) {
            for (int t = 0; t < STEPS; t++) {
                labels.putScalar(new int[]{i, rnd.nextInt(CLASSES), t}, 1.0);
            }
        }
        return labels;
    }

    private static INDArray sequenceLabels() {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, MINIBATCH, CLASSES);
        for (int i = 0; i < MINIBATCH; i++) {
            labels.putScalar(i, i % CLASSES, 1.0);
        }
        return labels;
    }

    private static void check(MultiLayerNetwork net, INDArray labels, INDArray mask, boolean labelMaskToo) {
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input())
                .labels(labels).inputMask(mask).labelMask(labelMaskToo ? mask : null));
        assertTrue(ok, "gradient check failed for " + net.getLayerWiseConfigurations().getConf(0).getLayer());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void perStepOutputs(String variant) {
        check(net(recurrent(N_IN, variant), perStepOutput(UNITS)), perStepLabels(), null, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void perStepOutputsWithMasks(String variant) {
        check(net(recurrent(N_IN, variant), perStepOutput(UNITS)), perStepLabels(), mask(), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void stacked(String variant) {
        check(net(recurrent(N_IN, variant), recurrent(UNITS, variant), perStepOutput(UNITS)), perStepLabels(), mask(),
                true);
    }

    /** With a cache mode the training forward pass is kept for backprop instead of being recomputed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void stackedWithCachedForwardPass(String variant) {
        MultiLayerNetwork net = net(CacheMode.DEVICE, recurrent(N_IN, variant), recurrent(UNITS, variant),
                perStepOutput(UNITS));
        check(net, perStepLabels(), mask(), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void lastTimeStepClassifierWithMasks(String variant) {
        OutputLayer out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(UNITS).nOut(CLASSES).build();
        check(net(new LastTimeStep(recurrent(N_IN, variant)), out), sequenceLabels(), mask(), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void bidirectionalWithMasks(String variant) {
        check(net(new Bidirectional(Bidirectional.Mode.CONCAT, recurrent(N_IN, variant)), perStepOutput(2 * UNITS)),
                perStepLabels(), mask(), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void bidirectionalLastTimeStep(String variant) {
        OutputLayer out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(2 * UNITS).nOut(CLASSES).build();
        check(net(new LastTimeStep(new Bidirectional(Bidirectional.Mode.CONCAT, recurrent(N_IN, variant))), out),
                sequenceLabels(), mask(), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void otherActivations(String variant) {
        Layer g = variant.startsWith("gru")
                ? new GRU.Builder().nIn(N_IN).nOut(UNITS).resetAfter(variant.endsWith("after"))
                .activation(Activation.SOFTSIGN).gateActivationFunction(Activation.HARDSIGMOID).build()
                : new MaskedLSTM.Builder().nIn(N_IN).nOut(UNITS).cellOutput(variant.endsWith("cell"))
                .activation(Activation.SOFTSIGN).gateActivationFunction(Activation.HARDSIGMOID).build();
        check(net(g, perStepOutput(UNITS)), perStepLabels(), mask(), true);
    }
}
