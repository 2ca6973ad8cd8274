package io.seqspark.models.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's GradientCheckUtil (double precision, epsilon 1e-6, max relative error 1e-3, min absolute error 1e-8) on
 * each sequence head (model.head: last, mean, max, attention) on top of seqspark's recurrent layers, single,
 * stacked and bidirectional, with masks; and on the attention layer alone under several mask patterns.
 */
class SequenceHeadGradientCheckTest {
    private static final int N_IN = 3;
    private static final int UNITS = 4;
    private static final int CLASSES = 3;
    private static final int MINIBATCH = 3;
    private static final int STEPS = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<Arguments> variantsAndHeads() {
        List<Arguments> out = new ArrayList<>();
        for (String variant : List.of("gru-reset-after", "gru-reset-before", "lstm-hidden")) {
            for (String head : List.of("last", "mean", "max", "attention")) {
                out.add(Arguments.of(variant, head));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> cellsAndHeads() {
        List<Arguments> out = new ArrayList<>();
        for (String variant : List.of("gru-reset-after", "lstm-hidden")) {
            for (String head : List.of("last", "mean", "max", "attention")) {
                out.add(Arguments.of(variant, head));
            }
        }
        return out.stream();
    }

    /** The top recurrent layer and the head that reads it, as ModelFactory arranges them. */
    private static List<Layer> withHead(Layer top, String head, int width) {
        return switch (head) {
            case "last" -> List.of(new LastTimeStep(top));
            case "mean" -> List.of(top, new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            case "max" -> List.of(top, new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
            case "attention" -> List.of(top, new AttentionPooling.Builder().nIn(width).build());
            default -> throw new IllegalArgumentException(head);
        };
    }

    private static MultiLayerNetwork net(List<Layer> layers, int outIn) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).list();
        for (Layer l : layers) {
            b.layer(l);
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(outIn).nOut(CLASSES).build());
        MultiLayerConfiguration conf = b.setInputType(InputType.recurrent(N_IN, RNNFormat.NCW)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Non-zero biases so every bias gradient is exercised.
        net.params().addi(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(0.2));
        return net;
    }

    /** Real lengths per example (the rest padded at the end); null = no mask. */
    private static INDArray mask(int... lengths) {
        if (lengths.length == 0) {
            return null;
        }
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, MINIBATCH, STEPS);
        for (int i = 0; i < MINIBATCH; i++) {
            for (int t = 0; t < lengths[i]; t++) {
                mask.putScalar(i, t, 1);
            }
        }
        return mask;
    }

    private static INDArray labels() {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, MINIBATCH, CLASSES);
        for (int i = 0; i < MINIBATCH; i++) {
            labels.putScalar(i, i % CLASSES, 1.0);
        }
        return labels;
    }

    private static void check(MultiLayerNetwork net, INDArray mask, String what) {
        // Padded steps hold large values: any leak of them into the output or gradient would show.
        INDArray input = Nd4j.rand(DataType.DOUBLE, MINIBATCH, N_IN, STEPS).subi(0.5).muli(2);
        if (mask != null) {
            INDArray garbage = Nd4j.rand(DataType.DOUBLE, MINIBATCH, N_IN, STEPS).muli(20);
            for (int i = 0; i < MINIBATCH; i++) {
                for (int t = 0; t < STEPS; t++) {
                    if (mask.getDouble(i, t) == 0) {
                        for (int k = 0; k < N_IN; k++) {
                            input.putScalar(new int[]{i, k, t}, garbage.getDouble(i, k, t));
                        }
                    }
                }
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels()).inputMask(mask));
        assertTrue(ok, "gradient check failed for " + what);
    }

    /** The attention layer directly on the input, under several mask patterns. */
    @ParameterizedTest(name = "lengths {0}")
    @ValueSource(strings = {"none", "5,3,1", "1,5,2", "1,1,1", "5,5,5"})
    void attentionAlone(String lengths) {
        int[] l = lengths.equals("none") ? new int[0]
                : Stream.of(lengths.split(",")).mapToInt(Integer::parseInt).toArray();
        check(net(List.of(new AttentionPooling.Builder().nIn(N_IN).build()), N_IN), mask(l), "attention " + lengths);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndHeads")
    void headOnRecurrentLayer(String variant, String head) {
        check(net(withHead(RecurrentGradientCheckTest.recurrent(N_IN, variant), head, UNITS), UNITS), mask(5, 3, 1),
                variant + " " + head);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsAndHeads")
    void headOnStackedLayers(String variant, String head) {
        List<Layer> layers = new ArrayList<>();
        layers.add(RecurrentGradientCheckTest.recurrent(N_IN, variant));
        layers.addAll(withHead(RecurrentGradientCheckTest.recurrent(UNITS, variant), head, UNITS));
        check(net(layers, UNITS), mask(2, 5, 1), "stacked " + variant + " " + head);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsAndHeads")
    void headOnBidirectionalLayer(String variant, String head) {
        Layer bi = new Bidirectional(Bidirectional.Mode.CONCAT, RecurrentGradientCheckTest.recurrent(N_IN, variant));
        check(net(withHead(bi, head, 2 * UNITS), 2 * UNITS), mask(5, 3, 1), "bidirectional " + variant + " " + head);
    }
}
