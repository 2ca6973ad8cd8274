package io.seqspark.models;

import io.seqspark.config.JobConfig;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFactoryTest {
    private static final JobConfig.TrainingSpec TRAINING = new JobConfig.TrainingSpec(1, 8, 0.01, "adam", 1, 1, 3);

    @Test
    void parameterCountFollowsTheLstmFormula() {
        JobConfig.ModelSpec spec = new JobConfig.ModelSpec("lstm", List.of(16, 8), 0.2);
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(spec, TRAINING, 3, 4));
        net.init();
        long expected = ModelFactory.lstmParameters(3, 16) + ModelFactory.lstmParameters(16, 8) + (8 * 4 + 4);
        assertEquals(expected, net.numParams());
        assertEquals(4L * (3 + 16) * 16 + 4 * 16, ModelFactory.lstmParameters(3, 16));
    }

    @Test
    void forgetGateBiasStartsAtOne() {
        JobConfig.ModelSpec spec = new JobConfig.ModelSpec("lstm", List.of(5), 0);
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(spec, TRAINING, 2, 3));
        net.init();
        assertTrue(net.getLayerWiseConfigurations().getConf(0).getLayer() instanceof LastTimeStep);
        LSTM lstm = (LSTM) ((LastTimeStep) net.getLayerWiseConfigurations().getConf(0).getLayer()).getUnderlying();
        assertEquals(1.0, lstm.getForgetGateBiasInit());
        // DL4J's LSTM bias layout is [input, forget, output, cell-input] blocks of nOut each.
        float[] bias = net.getLayer(0).getParam("b").toFloatVector();
        for (int i = 5; i < 10; i++) {
            assertEquals(1.0f, bias[i], "forget gate bias " + i);
        }
    }

    @Test
    void classifiesFromTheLastRealStep() {
        JobConfig.ModelSpec spec = new JobConfig.ModelSpec("lstm", List.of(4), 0);
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.classifier(spec, TRAINING, 2, 3));
        net.init();
        var x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2, 5);
        var padded = Nd4j.concat(2, x, Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2, 3));
        var mask = Nd4j.create(new float[]{1, 1, 1, 1, 1, 0, 0, 0}, new long[]{1, 8});
        var unpadded = net.output(x);
        var withPadding = net.output(padded, false, mask, null);
        assertArrayEquals(unpadded.toFloatVector(), withPadding.toFloatVector(), 1e-6f);
    }
}
