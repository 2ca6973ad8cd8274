package io.seqspark.models;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Sets the learning rate of every layer of a network, the layers inside DL4J's wrappers included.
 *
 * <p>Why not {@code MultiLayerNetwork.setLearningRate}: in DL4J 1.0.0-M2.1 it changes only layers whose
 * configuration is a {@code BaseLayer}. The layers inside {@code Bidirectional} have updater configurations of their
 * own, so they kept their first rate while the other layers got the new one; DL4J then rebuilt the updater for the
 * changed grouping of parameters, and the remapped Adam state diverged to NaN within an epoch (Fashion-MNIST,
 * bidirectional layers with warm-up, or with linear rate scaling, which trained at half the rate otherwise). Here
 * every layer gets the same new rate, wrappers included, so the grouping does not change and the updater state
 * stays as it is; the updaters read the rate from these configuration objects at every step, and Spark workers
 * from the configuration they are sent ({@code LearningRatesTest}).
 */
public final class LearningRates {
    private LearningRates() {
    }

    /** Sets {@code rate} on every layer that has a learning rate (NoOp updaters, e.g. frozen layers, have none). */
    public static void set(MultiLayerNetwork network, double rate) {
        Map<IUpdater, Boolean> done = new IdentityHashMap<>();
        for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
            set(conf.getLayer(), rate, done);
        }
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            set(layer.conf().getLayer(), rate, done);
        }
    }

    private static void set(Layer layer, double rate, Map<IUpdater, Boolean> done) {
        if (layer instanceof BaseLayer base) {
            IUpdater updater = base.getIUpdater();
            if (updater != null && updater.hasLearningRate() && done.put(updater, true) == null) {
                updater.setLrAndSchedule(rate, null);
            }
        }
        if (layer instanceof Bidirectional bidirectional) {
            set(bidirectional.getFwd(), rate, done);
            set(bidirectional.getBwd(), rate, done);
        } else if (layer instanceof BaseWrapperLayer wrapper) {
            set(wrapper.getUnderlying(), rate, done);
        } else if (layer instanceof FrozenLayer frozen) {
            set(frozen.getLayer(), rate, done);
        }
    }
}
