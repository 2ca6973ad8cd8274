package io.seqspark.training;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training minibatches dealt once into one shard per worker and cached on the executors as serialized bytes;
 * every epoch each worker shuffles its own shard and cuts it into averaging rounds.
 *
 * <p>Why not let dl4j-spark split the data: its Direct approach draws every round from the whole cached RDD
 * (a pass that deserializes every minibatch, once per round) and then shuffles the round's data across the
 * cluster. Here a round reads only its own minibatches, on the executor that caches them, and every worker gets
 * the same number of minibatches (±1) in every round.
 */
final class WorkerShards implements AutoCloseable {
    private final JavaRDD<Shard> shards;
    /** Per worker, per minibatch (shard order): the optimizer steps fitting it takes. */
    private final int[][] steps;
    private final long seed;

    private WorkerShards(JavaRDD<Shard> shards, int[][] steps, long seed) {
        this.shards = shards;
        this.steps = steps;
        this.seed = seed;
    }

    /**
     * Deals {@code minibatches} round-robin into {@code workers} shards and caches them (one Spark job).
     *
     * @param tbpttLength the network's truncated-BPTT length, 0 for none: DL4J takes one optimizer step per
     *                    segment of that many time steps, so a minibatch of T steps counts ceil(T / tbpttLength)
     */
    static WorkerShards of(JavaRDD<DataSet> minibatches, int workers, long seed, int tbpttLength) {
        JavaRDD<Shard> shards = minibatches
                .mapPartitionsWithIndex(new Deal(workers, tbpttLength), false)
                .mapToPair(t -> t)
                .partitionBy(new HashPartitioner(workers))
                .mapPartitions(it -> {
                    List<byte[]> batches = new ArrayList<>();
                    List<Integer> steps = new ArrayList<>();
                    it.forEachRemaining(t -> {
                        steps.add(t._2()._1());
                        batches.add(t._2()._2());
                    });
                    return List.of(new Shard(batches.toArray(new byte[0][]),
                            steps.stream().mapToInt(Integer::intValue).toArray())).iterator();
                }, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        int[][] steps = shards.map(s -> s.steps).collect().toArray(new int[0][]);
        return new WorkerShards(shards, steps, seed);
    }

    /** Optimizer steps DL4J takes to fit {@code batch}: one, or one per truncated-BPTT segment of a sequence. */
    static int optimizerSteps(DataSet batch, int tbpttLength) {
        if (tbpttLength <= 0 || batch.getFeatures().rank() != 3) {
            return 1;
        }
        long length = batch.getFeatures().size(2);
        return (int) Math.max(1, (length + tbpttLength - 1) / tbpttLength);
    }

    /** Minibatches per worker, in worker order. */
    int[] sizes() {
        int[] sizes = new int[steps.length];
        for (int w = 0; w < steps.length; w++) {
            sizes[w] = steps[w].length;
        }
        return sizes;
    }

    /**
     * Averaging rounds per epoch: enough that no worker fits more than {@code averagingFrequency} minibatches in
     * a round and every worker gets at least one minibatch in every round.
     */
    int rounds(int averagingFrequency) {
        int[] sizes = sizes();
        int smallest = Integer.MAX_VALUE;
        for (int size : sizes) {
            smallest = Math.min(smallest, size);
        }
        int largest = 0;
        for (int size : sizes) {
            largest = Math.max(largest, size);
        }
        int rounds = (largest + averagingFrequency - 1) / averagingFrequency;
        return Math.max(1, Math.min(rounds, smallest));
    }

    /**
     * Optimizer steps the busiest worker takes in round {@code round} of {@code rounds} of {@code epoch}: its
     * minibatches, or their truncated-BPTT segments.
     */
    int steps(int epoch, int round, int rounds) {
        int most = 0;
        for (int w = 0; w < steps.length; w++) {
            int[] order = order(seed, epoch, w, steps[w].length);
            int[] range = range(steps[w].length, round, rounds);
            int sum = 0;
            for (int i = range[0]; i < range[1]; i++) {
                sum += steps[w][order[i]];
            }
            most = Math.max(most, sum);
        }
        return most;
    }

    /** Round {@code round} of {@code rounds} in {@code epoch}: each worker's next minibatches, one partition each. */
    JavaRDD<DataSet> round(int epoch, int round, int rounds) {
        return shards.mapPartitionsWithIndex(new Slice(seed, epoch, round, rounds), true);
    }

    /**
     * The order in which a worker fits its shard's minibatches in an epoch: a permutation seeded by the run's
     * seed, the epoch and the worker, so runs repeat.
     */
    static int[] order(long seed, int epoch, int worker, int size) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch * 10_007L + worker);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Positions {@code [from, to)} of a shard's epoch order that round {@code round} of {@code rounds} fits. */
    static int[] range(int size, int round, int rounds) {
        return new int[]{(int) ((long) round * size / rounds), (int) ((long) (round + 1) * size / rounds)};
    }

    /** The minibatches of one shard, on the driver, in shard order. */
    List<DataSet> collect(int worker) {
        Shard shard = shards.mapPartitionsWithIndex((w, it) -> w == worker ? it : Collections.<Shard>emptyIterator(),
                true).collect().get(0);
        List<DataSet> batches = new ArrayList<>(shard.batches.length);
        for (byte[] bytes : shard.batches) {
            batches.add(deserialize(bytes));
        }
        return batches;
    }

    @Override
    public void close() {
        shards.unpersist(false);
    }

    /** One worker's minibatches, each serialized by {@link MinibatchCodec}. */
    static final class Shard implements Serializable {
        private static final long serialVersionUID = 1L;
        final byte[][] batches;
        final int[] steps;

        Shard(byte[][] batches, int[] steps) {
            this.batches = batches;
            this.steps = steps;
        }
    }

    static byte[] serialize(DataSet batch) {
        return MinibatchCodec.encode(batch);
    }

    static DataSet deserialize(byte[] bytes) {
        return MinibatchCodec.decode(bytes);
    }

    /**
     * Keys the k-th minibatch of partition p by worker (p + k) mod workers, serialized, with its optimizer steps.
     */
    private static final class Deal
            implements Function2<Integer, Iterator<DataSet>, Iterator<Tuple2<Integer, Tuple2<Integer, byte[]>>>> {
        private final int workers;
        private final int tbpttLength;

        Deal(int workers, int tbpttLength) {
            this.workers = workers;
            this.tbpttLength = tbpttLength;
        }

        @Override
        public Iterator<Tuple2<Integer, Tuple2<Integer, byte[]>>> call(Integer partition, Iterator<DataSet> batches) {
            return new Iterator<>() {
                private int k;

                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public Tuple2<Integer, Tuple2<Integer, byte[]>> next() {
                    DataSet batch = batches.next();
                    return new Tuple2<>((partition + k++) % workers,
                            new Tuple2<>(optimizerSteps(batch, tbpttLength), serialize(batch)));
                }
            };
        }
    }

    /** A round's minibatches of each worker's shard, deserialized one at a time as the worker fits them. */
    private static final class Slice implements Function2<Integer, Iterator<Shard>, Iterator<DataSet>> {
        private final long seed;
        private final int epoch;
        private final int round;
        private final int rounds;

        Slice(long seed, int epoch, int round, int rounds) {
            this.seed = seed;
            this.epoch = epoch;
            this.round = round;
            this.rounds = rounds;
        }

        @Override
        public Iterator<DataSet> call(Integer worker, Iterator<Shard> shards) {
            if (!shards.hasNext()) {
                return Collections.emptyIterator();
            }
            byte[][] batches = shards.next().batches;
            int[] order = order(seed, epoch, worker, batches.length);
            int[] range = range(batches.length, round, rounds);
            return new Iterator<>() {
                private int i = range[0];

                @Override
                public boolean hasNext() {
                    return i < range[1];
                }

                @Override
                public DataSet next() {
                    return deserialize(batches[order[i++]]);
                }
            };
        }
    }
}
