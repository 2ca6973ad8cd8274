package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * Additive attention pooling over time (Bahdanau et al., 2015; Raffel &amp; Ellis, 2015, "feed-forward
 * attention"): for the recurrent outputs h_t ([minibatch, nIn, time], NCW)
 * <pre>
 * e_t = v · tanh(h_t·W + b)        W [nIn, nIn], b [nIn], v [nIn]
 * a   = softmax(e) over the real (unmasked) steps
 * out = Σ_t a_t h_t                [minibatch, nIn]
 * </pre>
 * Masked (padded) steps get weight 0, so padding never changes the output. The attention width is the input
 * width (nOut = nIn): nIn·nIn + 2·nIn parameters.
 *
 * <p>A plain DL4J layer rather than a SameDiffLayer, whose gradients M2.1 doubles. Bean getters/setters (from
 * FeedForwardLayer) and the no-argument constructor are needed by DL4J's JSON (de)serialization.
 */
public class AttentionPooling extends FeedForwardLayer {

    public AttentionPooling() {
        // for JSON deserialization
    }

    protected AttentionPooling(Builder builder) {
        super(builder);
        this.nOut = builder.nIn();
    }

    /** nIn·nIn (W) + nIn (b) + nIn (v). */
    public static long params(long nIn) {
        return nIn * nIn + 2 * nIn;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet(getClass().getSimpleName(), getLayerName(), layerIndex, getNIn(), getNOut());
        AttentionPoolingLayer layer = new AttentionPoolingLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return AttentionParamInitializer.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("AttentionPooling (layer " + layerIndex + ") expects recurrent input, got "
                    + inputType);
        }
        return InputType.feedForward(r.getSize());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeRecurrent r && (override || nIn <= 0)) {
            nIn = r.getSize();
            nOut = nIn;
        }
    }

    @Override
    public void setNIn(long nIn) {
        this.nIn = nIn;
        this.nOut = nIn;
    }

    /** Reads the recurrent output as it is: no preprocessor. */
    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = params(nIn);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        long steps = inputType instanceof InputType.InputTypeRecurrent r ? Math.max(1, r.getTimeSeriesLength()) : 1;
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, getOutputType(-1, inputType))
                .standardMemory(params, updaterState)
                .workingMemory(0, 0, 0, (2 * nIn + 4) * steps)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "AttentionPooling(nIn=" + nIn + ")";
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        long nIn() {
            return nIn;
        }

        @Override
        public Builder nIn(long nIn) {
            super.nIn(nIn);
            super.nOut(nIn);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public AttentionPooling build() {
            return new AttentionPooling(this);
        }
    }
}
