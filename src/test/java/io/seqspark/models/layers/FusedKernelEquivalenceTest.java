package io.seqspark.models.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused Vector API kernels ({@link VectorLstmKernel}, {@link VectorGruKernel}) compute what the layer's ND4J-operation path computes (which
 * {@code RecurrentGradientCheckTest} checks against numerical gradients in double precision): the same outputs and
 * the same parameter and input gradients in FLOAT, with masks (padding at the end and a masked step in the middle),
 * hidden and cell output, a last-step head and a per-step head, a width that is not a multiple of the SIMD lanes,
 * and truncated BPTT over the last steps (only those steps reach the weight gradients).
 */
class FusedKernelEquivalenceTest {
    private static final int MINIBATCH = 5;
    private static final int STEPS = 7;
    private static final int N_IN = 3;

    @AfterEach
    void restore() {
        System.clearProperty(FusedKernels.PROPERTY);
    }

    @ParameterizedTest(name = "{0} units={1} cellOutput={2} perStep={3}")
    @CsvSource({"lstm, 16, false, false", "lstm, 16, true, false", "lstm, 13, false, true", "lstm, 13, true, true",
            "lstm, 40, false, true", "gru, 16, false, false", "gru, 13, false, true", "gru, 40, false, true"})
    void fusedKernelsEqualTheOperationPath(String cell, int units, boolean cellOutput, boolean perStep) {
        assertTrue(FusedKernels.available(), "the tests run with --add-modules=jdk.incubator.vector");
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, MINIBATCH, N_IN, STEPS);
        INDArray mask = Nd4j.ones(DataType.FLOAT, MINIBATCH, STEPS);
        for (int t = 4; t < STEPS; t++) {
            mask.putScalar(1, t, 0);                  // sequence 1 is 4 steps long
        }
        mask.putScalar(2, 3, 0);                      // sequence 2 has a masked step in the middle
        INDArray y = perStep ? Nd4j.zeros(DataType.FLOAT, MINIBATCH, 4, STEPS) : Nd4j.zeros(DataType.FLOAT, MINIBATCH, 4);
        for (int i = 0; i < MINIBATCH; i++) {
            if (perStep) {
                for (int t = 0; t < STEPS; t++) {
                    y.putScalar(new int[]{i, (i + t) % 4, t}, 1);
                }
            } else {
                y.putScalar(i, i % 4, 1);
            }
        }

        System.setProperty(FusedKernels.PROPERTY, "false");
        Result reference = run(cell, units, cellOutput, perStep, x, y, mask);
        System.setProperty(FusedKernels.PROPERTY, "true");
        Result fused = run(cell, units, cellOutput, perStep, x, y, mask);

        assertClose("output", reference.output, fused.output);
        assertClose("parameter gradients", reference.gradient, fused.gradient);
        assertClose("input gradient", reference.inputGradient, fused.inputGradient);
        assertTrue(Math.abs(reference.score - fused.score) < 1e-5, reference.score + " vs " + fused.score);
        if (perStep) {
            assertClose("TBPTT window gradients", reference.tbptt, fused.tbptt);
        }
    }

    /** @param tbptt per-step only: the layer's parameter and input gradients with TBPTT over the last 3 steps */
    private record Result(INDArray output, INDArray gradient, INDArray inputGradient, double score, INDArray tbptt) {
    }

    private static Result run(String cell, int units, boolean cellOutput, boolean perStep, INDArray x, INDArray y,
                              INDArray mask) {
        Layer lstm = cell.equals("gru") ? new GRU.Builder().nIn(N_IN).nOut(units).build()
                : new MaskedLSTM.Builder().nIn(N_IN).nOut(units).cellOutput(cellOutput).build();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
                .updater(new NoOp()).list();
        MultiLayerConfiguration conf = perStep
                ? list.layer(lstm).layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(units).nOut(4).build()).build()
                : list.layer(new LastTimeStep(lstm)).layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(units).nOut(4).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray output = net.output(x, false, mask, perStep ? mask : null);
        net.setInput(x);
        net.setLabels(y);
        net.setLayerMaskArrays(mask, perStep ? mask : null);
        net.computeGradientAndScore();
        INDArray gradient = net.gradient().gradient().dup();
        INDArray eps = perStep ? Nd4j.randn(DataType.FLOAT, MINIBATCH, units, STEPS).dup('f') : null;
        INDArray inputGradient;
        INDArray tbptt = null;
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr =
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        if (perStep) {
            Nd4j.getRandom().setSeed(5);
            eps = Nd4j.randn(DataType.FLOAT, MINIBATCH, units, STEPS).dup('f');
            layer.setMaskArray(mask);
            layer.activate(x, true, mgr);
            inputGradient = layer.backpropGradient(eps, mgr).getSecond().dup();
            // Steps [STEPS - 3, STEPS) only: the fused backward's weight gradient covers just the window's steps.
            layer.activate(x, true, mgr);
            org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> window =
                    ((TimeMajorRecurrentLayer) layer).tbpttBackpropGradient(eps, 3, mgr);
            tbptt = Nd4j.concat(0, window.getFirst().gradient().dup().reshape(-1),
                    window.getSecond().dup().reshape(-1));
        } else {
            inputGradient = gradient.sum(0);   // the last-step head's input path is covered by the parameter gradients
        }
        return new Result(output, gradient, inputGradient, net.score(), tbptt);
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 2e-5 * scale + 1e-6, what + ": max difference " + diff + " (scale " + scale + ")");
    }
}
