package io.seqspark.training;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failed epoch restarts from a clone of the network after the previous epoch (SparkTrainer); the clone must carry
 * the Adam moments, or the restart would silently reset the optimizer.
 */
class RestartStateTest {
    @Test
    void cloneCarriesParametersAndAdamState() {
        JobConfig.ModelSpec model = TestSpecs.model("gru").units(4).build();
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(model,
                TestSpecs.training().batchSize(4).build(), 2, 3));
        net.init();
        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 2, 5), Nd4j.eye(3).getRows(0, 1, 2, 0)
                .castTo(DataType.FLOAT));
        net.fit(batch);
        net.fit(batch);
        MultiLayerNetwork copy = net.clone();
        INDArray state = net.getUpdater().getStateViewArray();
        assertNotNull(state);
        assertTrue(state.norm1Number().doubleValue() > 0, "Adam moments after two steps");
        assertEquals(state, copy.getUpdater().getStateViewArray());
        assertEquals(net.params(), copy.params());
        // The copy is independent: training the original does not move it.
        net.fit(batch);
        assertTrue(!net.params().equals(copy.params()));
        // And it continues exactly as the original would have.
        MultiLayerNetwork again = copy.clone();
        copy.fit(batch);
        again.fit(batch);
        assertEquals(copy.params(), again.params());
        assertEquals(net.params(), copy.params(), "the clone's next step equals the original's");
    }
}
