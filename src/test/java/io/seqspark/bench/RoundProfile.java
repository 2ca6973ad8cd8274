package io.seqspark.bench;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The fixed cost of one parameter-averaging round in {@code local[2]}, in parts, for the forecaster (LSTM-32) and
 * Fashion-MNIST (LSTM-128): a Spark job that does nothing over two cached partitions (scheduling, task
 * serialization, result collection), broadcasting the round's configuration, parameters and Adam state, and the
 * Java serialization of that broadcast value alone. Medians of 40 after 20 of warm-up. Not a test; run with
 * <pre>OMP_NUM_THREADS=1 java @jobs/java17.args -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     io.seqspark.bench.RoundProfile</pre>
 */
public final class RoundProfile {
    private RoundProfile() {
    }

    public static void main(String[] args) throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("round-profile")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            JavaRDD<Integer> cached = jsc.parallelize(Arrays.asList(1, 2), 2).persist(StorageLevel.MEMORY_ONLY());
            cached.count();
            System.out.printf(Locale.ROOT, "empty Spark job over 2 cached partitions (collect): %.2f ms%n",
                    median(() -> {
                        long t = System.nanoTime();
                        cached.mapPartitions(it -> Collections.singletonList(0).iterator()).collect();
                        return System.nanoTime() - t;
                    }));
            for (int units : new int[]{32, 128}) {
                int features = units == 32 ? 1 : 28;
                JobConfig.ModelSpec model = TestSpecs.model("lstm").units(units).build();
                MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.forecaster(model,
                        TestSpecs.training().batchSize(32).learningRate(0.003).workers(2)
                                .averagingFrequency(5).build(), features, units == 32 ? 1 : 10));
                net.init();
                NetBroadcastTuple tuple = new NetBroadcastTuple(net.getLayerWiseConfigurations(), net.params(),
                        net.getUpdater().getStateViewArray());
                List<Broadcast<?>> made = new ArrayList<>();
                double broadcast = median(() -> {
                    long t = System.nanoTime();
                    made.add(jsc.broadcast(tuple));
                    return System.nanoTime() - t;
                });
                double serialize = median(() -> {
                    long t = System.nanoTime();
                    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                        out.writeObject(tuple);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return System.nanoTime() - t;
                });
                double confOnly = median(() -> {
                    long t = System.nanoTime();
                    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                        out.writeObject(net.getLayerWiseConfigurations());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return System.nanoTime() - t;
                });
                made.forEach(b -> b.destroy());
                System.out.printf(Locale.ROOT, "LSTM-%d (%d parameters): broadcast %.2f ms, Java serialization of "
                                + "the broadcast value %.2f ms, of its configuration alone %.2f ms%n", units,
                        net.numParams(), broadcast, serialize, confOnly);
            }
        }
    }

    private static double median(LongSupplier nanos) {
        for (int i = 0; i < 20; i++) {
            nanos.getAsLong();
        }
        long[] t = new long[40];
        for (int i = 0; i < t.length; i++) {
            t[i] = nanos.getAsLong();
        }
        Arrays.sort(t);
        return t[t.length / 2] / 1e6;
    }
}
