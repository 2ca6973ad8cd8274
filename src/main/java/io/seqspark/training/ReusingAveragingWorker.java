package io.seqspark.training;

import io.seqspark.models.FlatGradientUpdater;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * dl4j-spark's parameter-averaging worker, except that it keeps its network between averaging rounds.
 *
 * <p>dl4j-spark builds a new {@code MultiLayerNetwork} from the broadcast configuration in every round of every
 * worker (configuration clone, layer instantiation, updater, workspaces, and the fused kernels' buffers), about
 * a tenth of a Fashion-MNIST round on 2 cores. This worker builds it once per Spark partition (one partition is one
 * worker's shard, see {@code WorkerShards}) and executor, and in later rounds of the same run only copies the
 * round's averaged parameters and updater state into it, the same values dl4j-spark's fresh network would start
 * from. When the broadcast configuration differs in anything but its step counters (a new learning rate after a
 * decay, another run), the network is rebuilt as dl4j-spark does.
 *
 * <p>At most one network per partition index is kept per executor JVM (a later run replaces an earlier one); an
 * executor's networks go when the executor ends.
 */
final class ReusingAveragingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;
    /** Per Spark partition index: the network of the latest run that trained that partition in this JVM. */
    private static final ConcurrentHashMap<Integer, Kept> NETWORKS = new ConcurrentHashMap<>();
    /** Rounds that reused a kept network, and networks built, in this JVM (for tests). */
    static final AtomicLong REUSED = new AtomicLong();
    static final AtomicLong BUILT = new AtomicLong();
    /**
     * {@code -Dseqspark.reuse-worker-networks=false} restores dl4j-spark's own worker (a fresh network per round);
     * read on the driver, where the worker is chosen.
     */
    static volatile boolean enabled = Boolean.parseBoolean(
            System.getProperty("seqspark.reuse-worker-networks", "true"));

    private final Broadcast<NetBroadcastTuple> broadcast;
    /** Unique per training run: a network kept for another run is never reused. */
    private final String run;

    private record Kept(String run, MultiLayerNetwork network) {
    }

    ReusingAveragingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater,
                           WorkerConfiguration configuration, String run) {
        super(broadcast, saveUpdater, configuration, null, null, null);
        this.broadcast = broadcast;
        this.run = run;
    }

    @Override
    public MultiLayerNetwork getInitialModel() {
        TaskContext task = TaskContext.get();
        int slot = task == null ? -1 : task.partitionId();
        Kept kept = slot < 0 ? null : NETWORKS.get(slot);
        NetBroadcastTuple tuple = broadcast.getValue();
        if (kept != null && kept.run.equals(run) && reload(kept.network, tuple)) {
            REUSED.incrementAndGet();
            return kept.network;
        }
        // DL4J's worker network with the updater that skips M2.1's per-iteration external-gradient path.
        MultiLayerNetwork network = FlatGradientUpdater.install(super.getInitialModel());
        BUILT.incrementAndGet();
        if (slot >= 0) {
            NETWORKS.put(slot, new Kept(run, network));
        }
        return network;
    }

    /**
     * Puts the round's starting state into a kept network: step counters, parameters and updater state. False
     * (and nothing changed) when the broadcast configuration differs in anything else, or the updater states do
     * not match in shape.
     */
    /**
     * Fits {@code dataSet} after copying it out of the prefetch thread's workspace. dl4j-spark's prefetch
     * ({@code AsyncDataSetIterator}) hands out minibatches that live in a workspace its own thread keeps filling, and
     * DL4J's {@code BidirectionalLayer.setInput} borrows the workspace its input lives in to reverse it. With networks
     * kept between rounds, that left the bidirectional output outside the activations workspace, and DL4J's global
     * pooling (the mean and max heads) refused it ("array is defined in incorrect workspace ... detached";
     * Fashion-MNIST rows, bidirectional LSTM, local[2], second round; SequenceHeadIT). A detached minibatch is
     * reversed outside workspaces instead. Cost: one copy of the minibatch (400 KB for Fashion-MNIST, against a
     * 40 ms fit).
     */
    @Override
    public ParameterAveragingTrainingResult processMinibatch(DataSet dataSet, MultiLayerNetwork network,
                                                            boolean isLast) {
        if (dataSet.getFeatures() != null && dataSet.getFeatures().isAttached()) {
            dataSet.detach();
        }
        return super.processMinibatch(dataSet, network, isLast);
    }

    static boolean reload(MultiLayerNetwork network, NetBroadcastTuple tuple) {
        MultiLayerConfiguration wanted = tuple.getConfiguration();
        MultiLayerConfiguration held = network.getLayerWiseConfigurations();
        int iterations = held.getIterationCount();
        int epochs = held.getEpochCount();
        held.setIterationCount(wanted.getIterationCount());
        held.setEpochCount(wanted.getEpochCount());
        Updater updater = network.getUpdater(false);
        INDArray state = updater == null ? null : updater.getStateViewArray();
        INDArray wantedState = tuple.getUpdaterState();
        boolean statesMatch = wantedState == null ? state == null
                : state != null && state.length() == wantedState.length();
        if (!statesMatch || !held.equals(wanted)
                || network.params().length() != tuple.getParameters().length()) {
            held.setIterationCount(iterations);
            held.setEpochCount(epochs);
            return false;
        }
        network.params().assign(tuple.getParameters());
        if (state != null) {
            state.assign(wantedState);
        }
        Nd4j.getExecutioner().commit();
        return true;
    }
}
