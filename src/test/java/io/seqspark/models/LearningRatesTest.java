package io.seqspark.models;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import org.apache.commons.lang3.SerializationUtils;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LearningRates#set}: every layer gets the rate, those inside DL4J's wrappers too (DL4J's own
 * setLearningRate misses the ones inside Bidirectional); the network then trains exactly as one configured with that rate from the
 * start, and a network built from its configuration (as a Spark worker builds one) has the rate everywhere.
 */
class LearningRatesTest {
    private static MultiLayerConfiguration conf(double rate, boolean bidirectional, String head) {
        JobConfig.ModelSpec model = TestSpecs.model("lstm").units(6, 5).bidirectional(bidirectional)
                .head(head).build();
        return ModelFactory.classifier(model, TestSpecs.training().learningRate(rate).build(), 3, 4);
    }

    /** The learning rates of every layer with one, wrapped layers included. */
    private static List<Double> rates(MultiLayerConfiguration conf) {
        List<Double> rates = new ArrayList<>();
        for (NeuralNetConfiguration c : conf.getConfs()) {
            collect(c.getLayer(), rates);
        }
        return rates;
    }

    private static void collect(Layer layer, List<Double> rates) {
        if (layer instanceof BaseLayer b && b.getIUpdater() != null && b.getIUpdater().hasLearningRate()) {
            rates.add(b.getIUpdater().getLearningRate(0, 0));
        }
        if (layer instanceof Bidirectional bi) {
            collect(bi.getFwd(), rates);
            collect(bi.getBwd(), rates);
        } else if (layer instanceof BaseWrapperLayer w) {
            collect(w.getUnderlying(), rates);
        }
    }

    private static DataSet batch(int seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 4);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 4, 1);
        }
        return new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3, 5), y);
    }

    @ParameterizedTest(name = "bidirectional={0} head={1}")
    @CsvSource({"false,last", "true,last", "true,max", "false,attention"})
    void everyLayerTrainsAtTheNewRate(boolean bidirectional, String head) {
        MultiLayerNetwork changed = new MultiLayerNetwork(conf(0.001, bidirectional, head));
        changed.init();
        changed.fit(batch(1));
        MultiLayerNetwork reference = new MultiLayerNetwork(conf(0.02, bidirectional, head));
        reference.init(changed.params().dup(), true);
        reference.getUpdater().getStateViewArray().assign(changed.getUpdater().getStateViewArray());
        // Adam's bias correction counts the steps taken.
        reference.getLayerWiseConfigurations().setIterationCount(changed.getLayerWiseConfigurations()
                .getIterationCount());

        LearningRates.set(changed, 0.02);
        List<Double> rates = rates(changed.getLayerWiseConfigurations());
        assertTrue(rates.size() >= 3, "wrapped layers counted: " + rates);
        rates.forEach(r -> assertEquals(0.02, r, 1e-12, "every layer's rate: " + rates));
        MultiLayerConfiguration sent = SerializationUtils.clone(changed.getLayerWiseConfigurations());
        rates(sent).forEach(r -> assertEquals(0.02, r, 1e-12, "what a worker is sent"));

        for (int i = 2; i < 5; i++) {
            changed.fit(batch(i));
            reference.fit(batch(i));
        }
        assertArrayEquals(reference.params().toFloatVector(), changed.params().toFloatVector(), 1e-6f,
                "the same steps as a network configured with the new rate");
    }

    @ParameterizedTest(name = "bidirectional={0} head={1}")
    @CsvSource({"true,last", "true,max"})
    void dl4jsOwnSetterMissesBidirectionalLayers(boolean bidirectional, String head) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(0.001, bidirectional, head));
        net.init();
        net.setLearningRate(0.02);
        assertTrue(rates(net.getLayerWiseConfigurations()).contains(0.001),
                "DL4J M2.1 leaves the layers inside Bidirectional at the old rate (why LearningRates exists)");
    }
}
