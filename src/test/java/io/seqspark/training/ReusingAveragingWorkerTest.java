package io.seqspark.training;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import org.apache.commons.lang3.SerializationUtils;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a kept worker network accepts from a round's broadcast: the same configuration (as a cluster executor sees
 * it, deserialized) with other step counters loads the round's parameters and updater state; another learning
 * rate or another model leaves the network untouched, so the worker builds a fresh one.
 */
class ReusingAveragingWorkerTest {
    /** The configuration of an initialized network, as the driver broadcasts it. */
    private static MultiLayerConfiguration conf(double learningRate, int units) {
        JobConfig.ModelSpec model = TestSpecs.model("lstm").units(units).build();
        MultiLayerNetwork driver = new MultiLayerNetwork(ModelFactory.classifier(model,
                TestSpecs.training().learningRate(learningRate).workers(2)
                        .averagingFrequency(2).build(), 2, 3));
        driver.init();
        return driver.getLayerWiseConfigurations();
    }

    private static MultiLayerNetwork kept() {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(0.01, 8).clone());
        net.init();
        net.getUpdater(); // Adam's state, as after a first round
        return net;
    }

    /** A round's broadcast as an executor deserializes it: independent objects. */
    private static NetBroadcastTuple round(MultiLayerConfiguration conf, MultiLayerNetwork like) {
        return new NetBroadcastTuple(SerializationUtils.clone(conf), Nd4j.rand(DataType.FLOAT, like.params().shape()),
                Nd4j.rand(DataType.FLOAT, like.getUpdater().getStateViewArray().shape()));
    }

    @Test
    void theSameConfigurationWithNewCountersLoadsTheRound() {
        MultiLayerNetwork net = kept();
        MultiLayerConfiguration next = conf(0.01, 8);
        next.setIterationCount(40);
        next.setEpochCount(3);
        NetBroadcastTuple tuple = round(next, net);
        assertTrue(ReusingAveragingWorker.reload(net, tuple));
        assertEquals(tuple.getParameters(), net.params());
        assertEquals(tuple.getUpdaterState(), net.getUpdater().getStateViewArray());
        assertEquals(40, net.getLayerWiseConfigurations().getIterationCount());
        assertEquals(3, net.getLayerWiseConfigurations().getEpochCount());
    }

    @Test
    void anotherLearningRateOrModelLeavesTheNetworkAlone() {
        for (MultiLayerConfiguration other : new MultiLayerConfiguration[]{conf(0.005, 8), conf(0.01, 9)}) {
            MultiLayerNetwork net = kept();
            INDArray before = net.params().dup();
            other.setIterationCount(40);
            NetBroadcastTuple tuple = round(other, net);
            assertFalse(ReusingAveragingWorker.reload(net, tuple));
            assertEquals(before, net.params());
            assertEquals(0, net.getLayerWiseConfigurations().getIterationCount(), "counters put back");
        }
    }
}
