package io.seqspark.it;

import io.seqspark.config.GradientClipBy;
import io.seqspark.config.JobConfig;
import io.seqspark.config.LearningRateSchedule;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lesson gates teach: the label is the sign of the first step of a 50-step sequence whose other 49 steps are
 * noise (a second channel marks the first step). The first value is small (0.1 to 0.5 in magnitude) next to the
 * noise (standard deviation 1). LSTM and GRU, trained as seqspark trains recurrent models (Adam, each layer's
 * gradient clipped to L2 norm 1: training.gradient-clip), learn to store it and keep it. A plain RNN trained the
 * classic way, without clipping, stays at chance. What this test does not claim: with the same clipping a plain
 * RNN also solves 50 steps (0.977 held-out after 12 epochs, measured), though not 100 (0.46-0.53 for two seeds).
 * Accuracy on a held-out set.
 */
class LongRangeMemoryIT {
    private static final int STEPS = 50;
    private static final int UNITS = 32;
    private static final int EPOCHS = 12;
    // Adam at 0.005 without clipping lets the GRU's held-out accuracy fall back from 1.00 to 0.6-0.8 and recover
    // again, as late as epoch 12 (CI failed with 0.935 there, and once with 0.501 at 6 epochs), depending on the
    // seed and the last bits of the arithmetic (also at 0.002). Clipping each layer's gradient to L2 norm 1 holds
    // every seed measured (42, 7, 123) at 0.99-1.00 from epoch 5 on, for both cells.
    private static final double CLIP = 1.0;

    private static DataSet data(int n, long seed) {
        Random rnd = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, n, 2, STEPS);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int label = rnd.nextInt(2);
            x.putScalar(i, 0, 0, (label == 1 ? 1 : -1) * (0.1 + 0.4 * rnd.nextDouble()));
            x.putScalar(i, 1, 0, 1.0);
            for (int t = 1; t < STEPS; t++) {
                x.putScalar(i, 0, t, rnd.nextGaussian());
            }
            y.putScalar(i, label, 1);
        }
        return new DataSet(x, y);
    }

    private static double testAccuracy(MultiLayerNetwork net) {
        List<DataSet> train = data(4096, 1).batchBy(64);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (DataSet batch : train) {
                net.fit(batch);
            }
        }
        DataSet test = data(1000, 2);
        Evaluation ev = new Evaluation(2);
        ev.eval(test.getLabels(), net.output(test.getFeatures()));
        return ev.accuracy();
    }

    private static MultiLayerNetwork seqspark(String cell) {
        JobConfig.ModelSpec model = TestSpecs.model(cell).units(UNITS).build();
        JobConfig.TrainingSpec training = TestSpecs.training().epochs(EPOCHS).batchSize(64).learningRate(0.005)
                .seed(42).optimizer(new JobConfig.Optimizer(LearningRateSchedule.STEP, 0, CLIP, GradientClipBy.LAYER, 0))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(model, training, 2, 2));
        net.init();
        return net;
    }

    @Test
    void gatedCellsRememberFiftyStepsAndAnUnclippedPlainRnnDoesNot() {
        double gru = testAccuracy(seqspark("gru"));
        double lstm = testAccuracy(seqspark("lstm"));
        MultiLayerNetwork plain = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
                .dataType(DataType.FLOAT).updater(new Adam(0.005)).list()
                .layer(new LastTimeStep(new SimpleRnn.Builder().nIn(2).nOut(UNITS).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(UNITS).nOut(2).build())
                .build());
        plain.init();
        double rnn = testAccuracy(plain);
        System.out.printf("long-range memory, held-out accuracy: GRU %.3f, LSTM %.3f, SimpleRnn %.3f%n", gru, lstm, rnn);
        assertTrue(gru >= 0.95, "GRU " + gru);
        assertTrue(lstm >= 0.95, "LSTM " + lstm);
        assertTrue(rnn < 0.70, "a plain RNN without clipping should fail this task, got " + rnn);
    }
}
