package io.seqspark.training;

import io.seqspark.SparkTestSupport;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerShardsTest {
    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Minibatch b: one example whose features are all b, with a feature mask. */
    private static List<DataSet> minibatches(int n) {
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            batches.add(new DataSet(Nd4j.valueArrayOf(new long[]{1, 2, 3}, b, DataType.FLOAT),
                    Nd4j.zeros(DataType.FLOAT, 1, 2), Nd4j.ones(DataType.FLOAT, 1, 3), null));
        }
        return batches;
    }

    private static int id(DataSet batch) {
        return (int) batch.getFeatures().getDouble(0);
    }

    @Test
    void everyEpochEachWorkerFitsItsWholeShardOnceInBalancedRounds() {
        // 23 minibatches in 5 uneven partitions, dealt to 3 workers.
        try (WorkerShards shards = WorkerShards.of(jsc.parallelize(minibatches(23), 5), 3, 9, 0)) {
            int[] sizes = shards.sizes();
            assertEquals(23, Arrays.stream(sizes).sum());
            assertTrue(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt() <= 2,
                    "balanced shards: " + Arrays.toString(sizes));
            int rounds = shards.rounds(3);
            assertEquals(3, rounds, "at most 3 minibatches per worker and round");
            List<List<Integer>> epochOrders = new ArrayList<>();
            for (int epoch = 1; epoch <= 2; epoch++) {
                Set<Integer> seen = new HashSet<>();
                List<Integer> order = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    List<List<DataSet>> perWorker = shards.round(epoch, round, rounds).glom().collect();
                    assertEquals(3, perWorker.size(), "one partition per worker");
                    for (List<DataSet> worker : perWorker) {
                        assertTrue(worker.size() >= 1 && worker.size() <= 3, "round size " + worker.size());
                        for (DataSet batch : worker) {
                            assertTrue(seen.add(id(batch)), "minibatch " + id(batch) + " twice in an epoch");
                            order.add(id(batch));
                            assertEquals(1.0, batch.getFeaturesMaskArray().getDouble(2), "mask kept");
                        }
                    }
                }
                assertEquals(23, seen.size(), "every minibatch once per epoch");
                epochOrders.add(order);
            }
            assertNotEquals(epochOrders.get(0), epochOrders.get(1), "reshuffled every epoch");
        }
    }

    @Test
    void orderIsASeededPermutation() {
        int[] a = WorkerShards.order(5, 2, 1, 50);
        assertArrayEquals(a, WorkerShards.order(5, 2, 1, 50), "repeatable");
        assertEquals(50, Arrays.stream(a).distinct().filter(i -> i >= 0 && i < 50).count());
        assertNotEquals(Arrays.toString(a), Arrays.toString(WorkerShards.order(5, 3, 1, 50)));
        assertNotEquals(Arrays.toString(a), Arrays.toString(WorkerShards.order(5, 2, 0, 50)));
    }

    @Test
    void moreWorkersThanMinibatchesStillTrainsInOneRound() {
        try (WorkerShards shards = WorkerShards.of(jsc.parallelize(minibatches(2), 1), 3, 1, 0)) {
            assertEquals(1, shards.rounds(5));
            assertEquals(2, shards.round(1, 0, 1).count());
        }
    }
}
