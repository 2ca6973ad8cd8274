package io.seqspark.models;

import io.seqspark.config.Cell;
import io.seqspark.config.GradientClipBy;
import io.seqspark.config.Head;
import io.seqspark.config.JobConfig;
import io.seqspark.config.ModelOutput;
import io.seqspark.models.layers.AttentionPooling;
import io.seqspark.models.layers.GRU;
import io.seqspark.models.layers.GatedParamInitializer;
import io.seqspark.models.layers.MaskedLSTM;
import io.seqspark.models.layers.OrthogonalInit;
import io.seqspark.models.layers.PerThreadDropout;
import io.seqspark.models.losses.NonCrossingQuantiles;
import io.seqspark.models.losses.PinballLoss;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Builds networks from the {@code model} and {@code training} config sections. */
public final class ModelFactory {
    /** Gers et al. (2000): a forget-gate bias of 1 lets the cell keep its memory early in training. */
    public static final double FORGET_GATE_BIAS = 1.0;
    /**
     * The GRU counterpart: z = σ(2) ≈ 0.88 keeps most of the state by default. Measured on the 50-step memory
     * task (LongRangeMemoryIT): with an update-gate bias of 0 or 1 the GRU did not learn it in 6 epochs, with 2 it
     * reached 100%.
     */
    public static final double UPDATE_GATE_BIAS = 2.0;

    private ModelFactory() {
    }

    /**
     * Sequence classification: stacked recurrent layers, the top one read by the head (model.head: its last real
     * step, the mean or max over its real steps, or attention pooling; padded steps never count), then a softmax
     * layer.
     */
    public static MultiLayerConfiguration classifier(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                     int features, int classes) {
        return classifier(model, training, features, classes, null);
    }

    /** @param classWeights loss weight per class (training.class-weights = balanced), or null for none */
    public static MultiLayerConfiguration classifier(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                     int features, int classes, double[] classWeights) {
        NeuralNetConfiguration.ListBuilder list = base(training);
        int nIn = recurrentStack(list, model, features, model.head());
        list.layer(head(model, nIn, classes, classWeights));
        return built(list.setInputType(InputType.recurrent(features, RNNFormat.NCW)));
    }

    /**
     * Forecasting: the same recurrent stack read at the window's last step, then a linear layer with one output
     * per (forecast step, target) trained on mean squared error of the scaled values.
     */
    public static MultiLayerConfiguration forecaster(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                     int inputs, int outputs) {
        return forecaster(model, training, inputs, outputs, List.of());
    }

    /**
     * With quantile levels (model.quantiles): the linear layer has one output per (forecast step, target, level),
     * made non-crossing by {@link NonCrossingQuantiles} and trained on the {@link PinballLoss}; see
     * {@link io.seqspark.vectorize.Quantiles} for the layout.
     *
     * @param outputs forecast values (horizon * targets)
     */
    public static MultiLayerConfiguration forecaster(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                     int inputs, int outputs, List<Double> quantiles) {
        NeuralNetConfiguration.ListBuilder list = base(training);
        int nIn = recurrentStack(list, model, inputs, Head.LAST);
        OutputLayer.Builder out = quantiles.isEmpty()
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(nIn).nOut(outputs)
                .activation(Activation.IDENTITY)
                : new OutputLayer.Builder(new PinballLoss(quantiles.stream().mapToDouble(Double::doubleValue)
                .toArray())).nIn(nIn).nOut((long) outputs * quantiles.size())
                .activation(new NonCrossingQuantiles(quantiles.size()));
        if (model.dropout() > 0) {
            out.dropOut(dropout(model, model.dropout(), false));
        }
        list.layer(out.build());
        return built(list.setInputType(InputType.recurrent(inputs, RNNFormat.NCW)));
    }

    /**
     * Classification of token sequences: an embedding of token ids ([minibatch, 1, time] input, id 0 free for
     * padding) feeds the same recurrent stack and head as {@link #classifier}.
     */
    public static MultiLayerConfiguration tokenClassifier(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                          int vocabularySize, int embeddingSize, int classes) {
        return tokenClassifier(model, training, vocabularySize, embeddingSize, classes, null);
    }

    /** @param classWeights loss weight per class, or null */
    public static MultiLayerConfiguration tokenClassifier(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                          int vocabularySize, int embeddingSize, int classes,
                                                          double[] classWeights) {
        NeuralNetConfiguration.ListBuilder list = base(training);
        list.layer(new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(embeddingSize)
                .outputDataFormat(RNNFormat.NCW).build());
        int nIn = recurrentStack(list, model, embeddingSize, model.head());
        list.layer(head(model, nIn, classes, classWeights));
        // No setInputType here: it would replace the embedding's nIn (the vocabulary size) with the input width 1.
        return built(list);
    }

    /**
     * Next-token language model: the embedding feeds the recurrent stack, whose output at every step goes to a
     * softmax over the vocabulary, trained on sparse (id) targets. With training.tbptt-length the gradient is
     * truncated every that many steps while the state runs through the whole sequence.
     */
    public static MultiLayerConfiguration languageModel(JobConfig.ModelSpec model, JobConfig.TrainingSpec training,
                                                        int vocabularySize, int embeddingSize) {
        NeuralNetConfiguration.ListBuilder list = base(training);
        list.layer(new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(embeddingSize)
                .outputDataFormat(RNNFormat.NCW).build());
        int nIn = embeddingSize;
        List<Integer> units = model.units();
        for (int i = 0; i < units.size(); i++) {
            list.layer(recurrent(model, nIn, units.get(i), false, i > 0 ? model.dropout() : 0));
            nIn = units.get(i) * (model.bidirectional() ? 2 : 1);
        }
        RnnOutputLayer.Builder out = new RnnOutputLayer.Builder(new LossSparseMCXENT()).nIn(nIn)
                .nOut(vocabularySize).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW);
        if (model.dropout() > 0 && model.variationalDropout()) {
            // RnnOutputLayer applies its dropout after flattening time into the minibatch, where a per-sequence
            // mask no longer exists: a parameter-free DropoutLayer on the [minibatch, units, time] outputs does it.
            list.layer(new DropoutLayer.Builder(dropout(model, model.dropout(), true)).build());
        } else if (model.dropout() > 0) {
            out.dropOut(dropout(model, model.dropout(), false));
        }
        list.layer(out.build());
        if (training.tbpttLength() > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(training.tbpttLength());
        }
        return built(list);
    }

    private static NeuralNetConfiguration.ListBuilder base(JobConfig.TrainingSpec training) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(training.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(updater(training))
                // Lets seqspark's recurrent layers keep the training forward pass for backprop (no recompute).
                .cacheMode(CacheMode.DEVICE);
        // Both live in every layer's configuration, which travels to the Spark workers and into checkpoints.
        JobConfig.Optimizer options = training.options();
        if (options.clipsGradients()) {
            b.gradientNormalization(options.gradientClipBy() == GradientClipBy.PARAM_TYPE
                            ? GradientNormalization.ClipL2PerParamType : GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(options.gradientClip());
        }
        if (options.weightDecay() > 0) {
            // WeightDecay applies after the updater, times the current learning rate (decoupled, as AdamW).
            b.weightDecay(options.weightDecay(), true);
        }
        return b.list();
    }

    /**
     * The configuration, each layer's regularization listed once. DL4J 1.0.0-M2.1 copies the builder's
     * weightDecay into a layer and then adds it again (LayerValidation.configureBaseLayer adds every global
     * regularization but L1/L2 unconditionally), which would decay every weight twice as fast as configured.
     */
    private static MultiLayerConfiguration built(NeuralNetConfiguration.ListBuilder list) {
        MultiLayerConfiguration conf = list.build();
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            regularizeOnce(layer.getLayer());
        }
        return conf;
    }

    private static void regularizeOnce(Layer layer) {
        if (layer instanceof BaseWrapperLayer wrapper) {
            regularizeOnce(wrapper.getUnderlying());
        } else if (layer instanceof Bidirectional bi) {
            regularizeOnce(bi.getFwd());
            regularizeOnce(bi.getBwd());
        } else if (layer instanceof BaseLayer base) {
            if (base.getRegularization() != null) {
                base.setRegularization(new ArrayList<>(new LinkedHashSet<>(base.getRegularization())));
            }
            if (base.getRegularizationBias() != null) {
                base.setRegularizationBias(new ArrayList<>(new LinkedHashSet<>(base.getRegularizationBias())));
            }
        }
    }

    /**
     * Dropout of probability {@code p} on a layer's input: standard (a new mask per element), or, for
     * model.dropout-type = variational on a [minibatch, features, time] input, SpatialDropout, which keeps or drops
     * each feature of each sequence at every step alike. Masks are kept per thread (see {@link PerThreadDropout}).
     */
    static IDropout dropout(JobConfig.ModelSpec model, double p, boolean sequenceInput) {
        // DL4J takes the probability of keeping an activation
        return new PerThreadDropout(1 - p, model.variationalDropout() && sequenceInput);
    }

    /**
     * Adds the stacked recurrent layers and the sequence head that reads the top one; returns the head's width.
     * last: DL4J's LastTimeStep (the last unmasked step). mean, max: DL4J's GlobalPoolingLayer, which pools over
     * the unmasked steps only. attention: seqspark's {@link AttentionPooling}.
     */
    private static int recurrentStack(NeuralNetConfiguration.ListBuilder list, JobConfig.ModelSpec model, int nIn,
                                      Head head) {
        List<Integer> units = model.units();
        for (int i = 0; i < units.size(); i++) {
            boolean last = i == units.size() - 1;
            Layer layer = recurrent(model, nIn, units.get(i), last, i > 0 ? model.dropout() : 0);
            list.layer(last && head == Head.LAST ? new LastTimeStep(layer) : layer);
            nIn = units.get(i) * (model.bidirectional() ? 2 : 1);
        }
        switch (head) {
            case LAST -> { }
            case MEAN -> list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            case MAX -> list.layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
            case ATTENTION -> list.layer(new AttentionPooling.Builder().nIn(nIn).build());
        }
        return nIn;
    }

    private static OutputLayer head(JobConfig.ModelSpec model, int nIn, int classes, double[] classWeights) {
        OutputLayer.Builder out = new OutputLayer.Builder()
                .lossFunction(classWeights == null ? new LossMCXENT()
                        : new LossMCXENT(Nd4j.create(classWeights).castTo(DataType.FLOAT)))
                .nIn(nIn).nOut(classes).activation(Activation.SOFTMAX);
        if (model.dropout() > 0) {
            out.dropOut(dropout(model, model.dropout(), false));
        }
        return out.build();
    }

    /**
     * One recurrent layer of the configured cell. seqspark's own layers are used for both cells: they keep the
     * state on masked (padded) steps, where DL4J's LSTM resets it to zero, and the LSTM can output its cell
     * state. Recurrent weights start orthogonal.
     *
     * @param last     the top recurrent layer, whose output the head reads ({@code model.output = cell} applies here)
     * @param dropout  probability of dropping an input activation of this layer
     */
    static Layer recurrent(JobConfig.ModelSpec model, int nIn, int nOut, boolean last, double dropout) {
        BaseRecurrentLayer layer;
        if (model.cell() == Cell.GRU) {
            GRU.Builder b = new GRU.Builder().nIn(nIn).nOut(nOut).resetAfter(model.gruResetAfter())
                    .updateGateBiasInit(UPDATE_GATE_BIAS)
                    .weightInitRecurrent(new OrthogonalInit());
            if (dropout > 0) {
                b.dropOut(dropout(model, dropout, true));
            }
            layer = b.build();
        } else {
            MaskedLSTM.Builder b = new MaskedLSTM.Builder().nIn(nIn).nOut(nOut)
                    .forgetGateBiasInit(FORGET_GATE_BIAS)
                    .cellOutput(last && model.output() == ModelOutput.CELL)
                    .weightInitRecurrent(new OrthogonalInit());
            if (dropout > 0) {
                b.dropOut(dropout(model, dropout, true));
            }
            layer = b.build();
        }
        return model.bidirectional() ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer;
    }

    static IUpdater updater(JobConfig.TrainingSpec training) {
        double lr = training.learningRate();
        return switch (training.updater()) {
            case ADAM -> new Adam(lr);
            case RMSPROP -> new RmsProp(lr);
            case SGD -> new Sgd(lr);
            case NESTEROVS -> new Nesterovs(lr, 0.9);
        };
    }

    /**
     * Parameters of the recurrent layers and head, from the formulas: one LSTM layer has
     * 4·(n_in + n_out)·n_out + 4·n_out, one GRU layer 3·(n_in + n_out)·n_out + 4·n_out (reset-after; 3·n_out
     * fewer biases for reset-before); a bidirectional layer twice that; attention pooling n_in·n_in + 2·n_in; the
     * output layer (n_in + 1)·outputs (classes, or horizon·targets).
     */
    public static long expectedParameters(JobConfig.ModelSpec model, int features, int classes) {
        long total = 0;
        long nIn = features;
        int directions = model.bidirectional() ? 2 : 1;
        for (int u : model.units()) {
            long one = model.cell() == Cell.GRU ? GatedParamInitializer.gruParams(nIn, u, model.gruResetAfter())
                    : GatedParamInitializer.lstmParams(nIn, u);
            total += directions * one;
            nIn = (long) u * directions;
        }
        if (model.head() == Head.ATTENTION) {
            total += AttentionPooling.params(nIn);
        }
        return total + (nIn + 1) * classes;
    }
}
