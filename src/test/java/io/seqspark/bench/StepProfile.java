package io.seqspark.bench;

import io.seqspark.models.layers.GRU;
import io.seqspark.models.layers.MaskedLSTM;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where one single-process training step goes, for the harness's Fashion-MNIST shape (28 steps x 28 features,
 * minibatch 128, one recurrent layer of 128 units, LastTimeStep + softmax, Adam, FLOAT): the whole {@code fit} of a
 * minibatch split by listener timestamps into forward, backward and the rest (updater, bookkeeping), and the gemms
 * of the recurrent layer (input projection, one recurrent gemm per step forward, two per step backward, weight and
 * input gradients) timed on their own shapes; the element-wise gate math, masks, views, copies and allocations are
 * forward + backward minus those gemms. {@code -Dseqspark.fused-kernels=false} profiles the ND4J-operation path.
 * Medians of 30 repetitions after 60 of warm-up. Not a test; run with
 * <pre>OMP_NUM_THREADS=1 java @jobs/java17.args -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     io.seqspark.bench.StepProfile [lstm|gru]...</pre>
 */
public final class StepProfile {
    private static final int STEPS = 28;
    private static final int FEATURES = 28;
    private static final int BATCH = 128;
    private static final int UNITS = 128;
    private static final int REPEATS = 30;

    private StepProfile() {
    }

    public static void main(String[] args) {
        System.out.println("| cell | fused kernels | step (fit) ms | forward ms | backward ms | updater and the rest ms "
                + "| recurrent gemms ms (GFLOP/s) | element-wise, views, copies ms | per time step: gemm / rest us "
                + "| examples/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String cell : args.length == 0 ? new String[]{"lstm", "gru"} : args) {
            profile(cell);
        }
    }

    private static void profile(String cell) {
        int gates = cell.equals("gru") ? 3 : 4;
        org.deeplearning4j.nn.conf.layers.Layer recurrent = cell.equals("gru")
                ? new GRU.Builder().nIn(FEATURES).nOut(UNITS).build()
                : new MaskedLSTM.Builder().nIn(FEATURES).nOut(UNITS).build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(0.002)).cacheMode(CacheMode.DEVICE).list()
                .layer(new LastTimeStep(recurrent))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(UNITS).nOut(10).build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, FEATURES, STEPS);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 10, 1);
        }
        DataSet ds = new DataSet(x, y);
        double fit = median(() -> {
            long t = System.nanoTime();
            net.fit(ds);
            return System.nanoTime() - t;
        });

        // Inside the real fit (workspaces and the cached forward pass as in training): timestamps from listener hooks.
        Phases phases = new Phases();
        net.setListeners(phases);
        double[] split = phases.medians(() -> net.fit(ds));
        double forward = split[0];
        double backward = split[1];
        double update = split[2];
        int g = gates * UNITS;
        INDArray h = Nd4j.rand(DataType.FLOAT, BATCH, UNITS);
        INDArray rw = Nd4j.rand(DataType.FLOAT, UNITS, g);
        INDArray pre = Nd4j.rand(DataType.FLOAT, BATCH, g);
        INDArray x2d = Nd4j.rand(DataType.FLOAT, STEPS * BATCH, FEATURES);
        INDArray w = Nd4j.rand(DataType.FLOAT, FEATURES, g);
        INDArray proj = Nd4j.rand(DataType.FLOAT, STEPS * BATCH, g);
        INDArray gRw = Nd4j.rand(DataType.FLOAT, UNITS, g);
        INDArray gW = Nd4j.rand(DataType.FLOAT, FEATURES, g);
        INDArray dh = Nd4j.rand(DataType.FLOAT, BATCH, UNITS);
        double recurrentForward = median(() -> time(() -> Nd4j.gemm(h, rw, pre, false, false, 1.0, 1.0)));
        double inputProjection = median(() -> time(() -> Nd4j.gemm(x2d, w, proj, false, false, 1.0, 1.0)));
        double recurrentBackward = median(() -> time(() -> {
            Nd4j.gemm(h, pre, gRw, true, false, 1.0, 1.0);
            Nd4j.gemm(pre, rw, dh, false, true, 1.0, 1.0);
        }));
        double inputGradients = median(() -> time(() -> {
            Nd4j.gemm(x2d, proj, gW, true, false, 1.0, 0.0);
            proj.mmul(w.transpose());
        }));
        double gemms = inputProjection + STEPS * recurrentForward + STEPS * recurrentBackward + inputGradients;
        double flops = 2.0 * BATCH * g * (FEATURES + UNITS) * STEPS * 3; // forward + 2 x backward
        double layer_ = forward + backward;   // the output layer's share of these is a [128 x 128] x [128 x 10] gemm
        double elementwise = layer_ - gemms;
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f (%.1f) | %.1f | %.0f / %.0f | "
                        + "%.0f |%n", cell, io.seqspark.models.layers.FusedKernels.available() ? "yes" : "no", ms(fit),
                ms(forward), ms(backward), ms(update), ms(gemms), flops / gemms, ms(elementwise),
                gemms / 1e3 / STEPS, elementwise / 1e3 / STEPS, BATCH / (fit / 1e9));
    }

    /** Timestamps of one fit: start, end of the forward pass, end of backprop, end of the update. */
    private static final class Phases extends org.deeplearning4j.optimize.api.BaseTrainingListener {
        private long start;
        private long forwardEnd;
        private long backwardEnd;

        @Override
        public void onForwardPass(org.deeplearning4j.nn.api.Model model, java.util.List<INDArray> activations) {
            forwardEnd = System.nanoTime();
        }

        @Override
        public void onBackwardPass(org.deeplearning4j.nn.api.Model model) {
            backwardEnd = System.nanoTime();
        }

        /** Medians of forward, backward and the rest (updater, listeners, bookkeeping) over fits of {@code fit}. */
        double[] medians(Runnable fit) {
            for (int i = 0; i < 60; i++) {
                fit.run();
            }
            long[][] ns = new long[3][REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                start = System.nanoTime();
                fit.run();
                long end = System.nanoTime();
                ns[0][i] = forwardEnd - start;
                ns[1][i] = backwardEnd - forwardEnd;
                ns[2][i] = end - backwardEnd;
            }
            double[] out = new double[3];
            for (int k = 0; k < 3; k++) {
                Arrays.sort(ns[k]);
                out[k] = ns[k][REPEATS / 2];
            }
            return out;
        }
    }

    private static long time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    private static double median(LongSupplier run) {
        for (int i = 0; i < 60; i++) {   // enough for the JIT to compile the fused kernels (C2)
            run.getAsLong();
        }
        long[] ns = new long[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            ns[i] = run.getAsLong();
        }
        Arrays.sort(ns);
        return ns[REPEATS / 2];
    }

    private static double ms(double ns) {
        return ns / 1e6;
    }
}
