package io.seqspark.models;

import io.seqspark.config.JobConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/** Builds networks from the {@code model} and {@code training} config sections. */
public final class ModelFactory {
    /** Gers et al. (2000): a forget-gate bias of 1 lets the cell keep its memory early in training. */
    public static final double FORGET_GATE_BIAS = 1.0;

    private ModelFactory() {
    }

    /**
     * Sequence classification: stacked recurrent layers, the last one read at each sequence's last real step
     * (through the feature mask), then a softmax layer.
     */
    public static MultiLayerConfiguration classifier(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                     int features, int classes) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(training.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(updater(training))
                .list();
        List<Integer> units = model.units();
        int nIn = features;
        for (int i = 0; i < units.size(); i++) {
            LSTM.Builder lstm = new LSTM.Builder()
                    .nIn(nIn).nOut(units.get(i))
                    .activation(Activation.TANH)
                    .forgetGateBiasInit(FORGET_GATE_BIAS);
            if (i > 0 && model.dropout() > 0) {
                lstm.dropOut(1 - model.dropout()); // DL4J takes the probability of keeping an activation
            }
            Layer layer = lstm.build();
            list.layer(i == units.size() - 1 ? new LastTimeStep(layer) : layer);
            nIn = units.get(i);
        }
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(nIn).nOut(classes).activation(Activation.SOFTMAX);
        if (model.dropout() > 0) {
            out.dropOut(1 - model.dropout());
        }
        list.layer(out.build());
        return list.build();
    }

    static IUpdater updater(JobConfig.TrainingSpec training) {
        double lr = training.learningRate();
        return switch (training.updater()) {
            case "adam" -> new Adam(lr);
            case "rmsprop" -> new RmsProp(lr);
            case "sgd" -> new Sgd(lr);
            case "nesterovs" -> new Nesterovs(lr, 0.9);
            default -> throw new IllegalArgumentException("unknown updater " + training.updater());
        };
    }

    /** Parameters of one LSTM layer: 4 gate blocks, each with input weights, recurrent weights and a bias. */
    public static long lstmParameters(long nIn, long nOut) {
        return 4 * (nIn + nOut) * nOut + 4 * nOut;
    }
}
