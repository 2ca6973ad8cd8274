package io.seqspark.bench;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * What two workers in one executor JVM cost each other, without Spark: the milliseconds of one {@code fit} of a
 * minibatch when one thread trains alone, and when two threads each train their own network at the same time (as
 * two {@code local[2]} workers do). Shapes: the harness's forecaster (LSTM-32, 30 steps of 1 feature, minibatch 32)
 * and Fashion-MNIST LSTM-128 (28 x 28, minibatch 128). Not a test; run with
 * <pre>OMP_NUM_THREADS=1 java @jobs/java17.args -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     io.seqspark.bench.ConcurrentFitProfile</pre>
 */
public final class ConcurrentFitProfile {
    /** -Dfresh=true: every fit gets a minibatch deserialized from bytes, as a Spark worker's do. */
    private static final boolean FRESH = Boolean.getBoolean("fresh");

    private ConcurrentFitProfile() {
    }

    private static DataSet copy(byte[] bytes) {
        DataSet d = new DataSet();
        d.load(new java.io.ByteArrayInputStream(bytes));
        return d;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1) {
            // One shape, one thread: start two of these processes at once to see what sharing the machine costs
            // without sharing a JVM.
            boolean small = args[0].equals("forecast");
            double ms = small ? run(1, 32, 30, 1, 32, 1, 400) : run(1, 128, 28, 28, 128, 10, 60);
            System.out.printf(Locale.ROOT, "%s alone in this JVM: %.2f ms/fit%n", args[0], ms);
            return;
        }
        System.out.println("| shape | 1 thread ms/fit | 2 threads ms/fit (each) | slowdown |");
        System.out.println("|---|---|---|---|");
        row("forecast LSTM-32, 30x1, batch 32", 32, 30, 1, 32, 1, 400);
        row("fashion LSTM-128, 28x28, batch 128", 128, 28, 28, 128, 10, 60);
    }

    private static void row(String name, int units, int steps, int features, int batch, int outputs, int fits)
            throws Exception {
        double alone = run(1, units, steps, features, batch, outputs, fits);
        double two = run(2, units, steps, features, batch, outputs, fits);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2fx |%n", name, alone, two, two / alone);
    }

    /** Median-free mean ms per fit of each thread, after the same number of warm-up fits. */
    private static double run(int threads, int units, int steps, int features, int batch, int outputs, int fits)
            throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(threads);
        double[] ms = new double[threads];
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                JobConfig.ModelSpec model = TestSpecs.model("lstm").units(units).build();
                MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.forecaster(model,
                        TestSpecs.training().batchSize(batch).learningRate(0.003).build(), features, outputs));
                net.init();
                Nd4j.getRandom().setSeed(id);
                DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, batch, features, steps),
                        Nd4j.rand(DataType.FLOAT, batch, outputs));
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                data.save(out);
                byte[] bytes = out.toByteArray();
                try {
                    for (int i = 0; i < fits; i++) {
                        net.fit(data);
                    }
                    barrier.await();
                    long start = System.nanoTime();
                    for (int i = 0; i < fits; i++) {
                        net.fit(FRESH ? copy(bytes) : data);
                    }
                    ms[id] = (System.nanoTime() - start) / 1e6 / fits;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            all.add(thread);
        }
        for (Thread thread : all) {
            thread.join();
        }
        double sum = 0;
        for (double m : ms) {
            sum += m;
        }
        return sum / threads;
    }
}
