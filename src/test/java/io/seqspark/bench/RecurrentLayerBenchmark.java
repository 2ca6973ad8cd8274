package io.seqspark.bench;

import io.seqspark.models.layers.GRU;
import io.seqspark.models.layers.MaskedLSTM;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Locale;

/**
 * Single-process training throughput (examples/s, median of 5 interleaved rounds) of one recurrent layer (LastTimeStep + softmax head) on row-by-row
 * MNIST-shaped input: 28 steps x 28 features, minibatch 128, Adam. Not a test; run with
 * <pre>OMP_NUM_THREADS=1 java -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     io.seqspark.bench.RecurrentLayerBenchmark [units...]</pre>
 */
public final class RecurrentLayerBenchmark {
    private static final int STEPS = 28;
    private static final int FEATURES = 28;
    private static final int BATCH = 128;

    private RecurrentLayerBenchmark() {
    }

    static double examplesPerSecond(Layer recurrent, int units, CacheMode cacheMode) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).cacheMode(cacheMode).list()
                .layer(new LastTimeStep(recurrent))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(units).nOut(10).build())
                .build());
        net.init();
        INDArrayPair data = data();
        DataSet ds = new DataSet(data.x, data.y);
        for (int i = 0; i < 10; i++) {
            net.fit(ds);
        }
        int iterations = 40;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            net.fit(ds);
        }
        return iterations * BATCH / ((System.nanoTime() - start) / 1e9);
    }

    private record INDArrayPair(org.nd4j.linalg.api.ndarray.INDArray x, org.nd4j.linalg.api.ndarray.INDArray y) {
    }

    private static INDArrayPair data() {
        Nd4j.getRandom().setSeed(7);
        var x = Nd4j.rand(DataType.FLOAT, BATCH, FEATURES, STEPS);
        var y = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 10, 1);
        }
        return new INDArrayPair(x, y);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[]{64, 128} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt)
                .toArray();
        System.out.println("| units | DL4J LSTM | seqspark LSTM | seqspark GRU | GRU / seqspark LSTM | GRU / DL4J LSTM |");
        System.out.println("|---|---|---|---|---|---|");
        int rounds = 5;
        for (int units : sizes) {
            // Interleaved rounds, median of each: a shared 2-core machine is noisy.
            double[][] runs = new double[3][rounds];
            for (int r = 0; r < rounds; r++) {
                runs[0][r] = examplesPerSecond(new LSTM.Builder().nIn(FEATURES).nOut(units)
                        .activation(Activation.TANH).build(), units, CacheMode.NONE);
                runs[1][r] = examplesPerSecond(new MaskedLSTM.Builder().nIn(FEATURES).nOut(units).build(), units,
                        CacheMode.DEVICE);
                runs[2][r] = examplesPerSecond(new GRU.Builder().nIn(FEATURES).nOut(units).build(), units,
                        CacheMode.DEVICE);
            }
            double dl4j = median(runs[0]);
            double lstm = median(runs[1]);
            double gru = median(runs[2]);
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.2f | %.2f |%n", units, dl4j, lstm, gru,
                    gru / lstm, gru / dl4j);
        }
    }
}
