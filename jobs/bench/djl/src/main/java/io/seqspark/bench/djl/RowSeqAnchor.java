package io.seqspark.bench.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The single-machine anchor of jobs/bench/harness: row-by-row Fashion-MNIST trained with DJL on libtorch (CPU), set up
 * as the harness trains seqspark's fashion workloads (conf/fashion-mnist.conf with the tutorial model pinned): 28 steps of 28 pixels scaled to [0, 1], the first 90% of a seeded
 * shuffle of the 60,000 training images (seqspark holds out 10% for validation), one LSTM or GRU layer whose last step
 * feeds a 10-way softmax, seqspark's initialisation (Xavier-normal input and output weights, orthogonal recurrent
 * weights, zero biases, LSTM forget-gate bias 1.0), Adam (learning rate 0.002, beta 0.9/0.999, epsilon 1e-8),
 * minibatch 128. Prints per-epoch examples/s on stderr and one JSON line on stdout in the format of torch_rnn.py.
 *
 * <p>Args: DATA_DIR cell(lstm|gru) units batch epochs threads
 */
public final class RowSeqAnchor {
    private static final int STEPS = 28;
    private static final int PIXELS = 28;

    public static void main(String[] a) throws Exception {
        String dir = a[0];
        String cell = a[1];
        int units = Integer.parseInt(a[2]);
        int batch = Integer.parseInt(a[3]);
        int epochs = Integer.parseInt(a[4]);
        int threads = Integer.parseInt(a[5]);
        // libtorch reads these when the engine starts: intra-op threads as asked, no extra inter-op pool.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        float[][] all = images(dir + "/train-images-idx3-ubyte.gz");
        int[] allLabels = labels(dir + "/train-labels-idx1-ubyte.gz");
        float[][] xte = images(dir + "/t10k-images-idx3-ubyte.gz");
        int[] yte = labels(dir + "/t10k-labels-idx1-ubyte.gz");
        int[] perm = shuffled(all.length, new Random(7));
        int n = (int) Math.round(all.length * 0.9);

        Engine engine = Engine.getEngine("PyTorch");
        Block rnn = cell.equals("gru")
                ? GRU.builder().setStateSize(units).setNumLayers(1).optBatchFirst(true).optReturnState(false).build()
                : LSTM.builder().setStateSize(units).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
        SequentialBlock net = new SequentialBlock().add(rnn)
                .add(list -> new NDList(list.singletonOrThrow().get(":, -1, :")))
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("rowseq", "PyTorch")) {
            model.setBlock(net);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.002f))
                            .optBeta1(0.9f).optBeta2(0.999f).optEpsilon(1e-8f).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(batch, STEPS, PIXELS));
                initialiseAsSeqspark(net, cell, units, new Random(42));
                NDManager nd = trainer.getManager();
                Random rnd = new Random(42);
                int[] order = new int[n];
                System.arraycopy(perm, 0, order, 0, n);
                StringBuilder history = new StringBuilder();
                float[] xb = new float[batch * STEPS * PIXELS];
                float[] yb = new float[batch];
                for (int e = 0; e < epochs; e++) {
                    shuffle(order, rnd);
                    long t0 = System.nanoTime();
                    int seen = 0;
                    double lossSum = 0;
                    int batches = 0;
                    for (int s = 0; s + batch <= n; s += batch) {
                        for (int k = 0; k < batch; k++) {
                            System.arraycopy(all[order[s + k]], 0, xb, k * STEPS * PIXELS, STEPS * PIXELS);
                            yb[k] = allLabels[order[s + k]];
                        }
                        try (NDManager sub = nd.newSubManager()) {
                            NDArray x = sub.create(xb, new Shape(batch, STEPS, PIXELS));
                            NDArray y = sub.create(yb, new Shape(batch));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                                NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                                gc.backward(loss);
                                lossSum += loss.getFloat();
                            }
                            trainer.step();
                        }
                        seen += batch;
                        batches++;
                    }
                    double sec = (System.nanoTime() - t0) / 1e9;
                    System.err.printf(Locale.ROOT, "epoch %d: loss %.4f, %.0f examples/s (%.1f s)%n", e + 1,
                            lossSum / batches, seen / sec, sec);
                    history.append(history.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                            "{\"epoch\": %d, \"train_loss\": %.5f, \"examples_per_second\": %.1f, \"seconds\": %.2f}",
                            e + 1, lossSum / batches, seen / sec, sec));
                }
                double accuracy = accuracy(trainer, nd, xte, yte);
                System.out.printf(Locale.ROOT, "{\"torch\": \"djl-%s/libtorch-%s\", \"threads\": %d, "
                                + "\"train_examples\": %d, \"history\": [%s], \"test_accuracy\": %.4f}%n",
                        Engine.getDjlVersion(), engine.getVersion(), threads, n, history, accuracy);
            }
        }
    }

    /**
     * seqspark's initialisation (ModelFactory): Xavier-normal (DL4J's XAVIER, variance 2 / (fanIn + fanOut)) for the
     * input-to-hidden and output weights, orthogonal recurrent weights (OrthogonalInit), zero biases, LSTM forget-gate
     * bias 1.0. libtorch keeps two bias vectors per layer; the forget bias goes into the input one only.
     */
    static void initialiseAsSeqspark(SequentialBlock net, String cell, int units, Random rnd) {
        int gates = cell.equals("gru") ? 3 : 4;
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray w = p.getValue().getArray();
            String name = p.getKey();
            Shape shape = w.getShape();
            float[] values = new float[(int) shape.size()];
            System.err.println("init " + name + " " + shape); // the log shows which parameter got which scheme
            if (name.contains("h2h") && name.endsWith("weight")) {
                orthogonalRows(units, gates * units, rnd, values); // [gates*units, units] = our [units, gates*units]^T
            } else if (name.endsWith("weight")) {
                long fanOut = shape.get(0);
                long fanIn = shape.get(1);
                double std = Math.sqrt(2.0 / (fanIn + fanOut));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (rnd.nextGaussian() * std);
                }
            } else if (name.contains("i2h") && name.endsWith("bias") && gates == 4) {
                for (int i = units; i < 2 * units; i++) {
                    values[i] = 1f; // PyTorch's gate order is i, f, g, o
                }
            }
            w.set(values);
        }
    }

    /**
     * Gram-Schmidt over k gaussian vectors of length len (k <= len), written transposed: column j of the
     * [len, k] result is vector j, so its k columns are orthonormal.
     */
    private static void orthogonalRows(int k, int len, Random rnd, float[] out) {
        double[][] q = new double[k][len];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < len; j++) {
                q[i][j] = rnd.nextGaussian();
            }
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < len; j++) {
                    dot += q[i][j] * q[p][j];
                }
                for (int j = 0; j < len; j++) {
                    q[i][j] -= dot * q[p][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < len; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < len; j++) {
                out[j * k + i] = (float) (q[i][j] / norm);
            }
        }
    }

    private static double accuracy(Trainer trainer, NDManager nd, float[][] xte, int[] yte) {
        int correct = 0;
        for (int s = 0; s < xte.length; s += 1000) {
            int m = Math.min(1000, xte.length - s);
            float[] xb = new float[m * STEPS * PIXELS];
            for (int k = 0; k < m; k++) {
                System.arraycopy(xte[s + k], 0, xb, k * STEPS * PIXELS, STEPS * PIXELS);
            }
            try (NDManager sub = nd.newSubManager()) {
                NDArray p = trainer.evaluate(new NDList(sub.create(xb, new Shape(m, STEPS, PIXELS))))
                        .singletonOrThrow().argMax(1).toType(DataType.INT32, false);
                int[] pi = p.toIntArray();
                for (int k = 0; k < m; k++) {
                    correct += pi[k] == yte[s + k] ? 1 : 0;
                }
            }
        }
        return correct / (double) xte.length;
    }

    private static int[] shuffled(int n, Random rnd) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, rnd);
        return order;
    }

    private static void shuffle(int[] order, Random rnd) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    static float[][] images(String path) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new FileInputStream(path)))) {
            in.readInt();
            int n = in.readInt();
            int r = in.readInt();
            int c = in.readInt();
            float[][] x = new float[n][r * c];
            byte[] buf = new byte[r * c];
            for (int i = 0; i < n; i++) {
                in.readFully(buf);
                for (int j = 0; j < buf.length; j++) {
                    x[i][j] = (buf[j] & 0xff) / 255f;
                }
            }
            return x;
        }
    }

    static int[] labels(String path) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new FileInputStream(path)))) {
            in.readInt();
            int n = in.readInt();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = in.readUnsignedByte();
            }
            return y;
        }
    }
}
