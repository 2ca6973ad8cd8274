package io.seqspark.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * What seqspark's gated recurrent layer configurations share: a gate activation (sigmoid by default) next to the
 * cell activation (tanh by default), NCW input, instantiation and the memory report.
 *
 * <p>Bean getters/setters and no-argument constructors are needed by DL4J's JSON (de)serialization.
 */
public abstract class GatedRecurrentConf extends BaseRecurrentLayer {
    private IActivation gateActivationFn = new ActivationSigmoid();

    protected GatedRecurrentConf() {
        // for JSON deserialization
    }

    protected GatedRecurrentConf(Builder<?> builder) {
        super(builder);
        this.gateActivationFn = builder.gateActivationFn;
        if (builder.getRnnDataFormat() != null && builder.getRnnDataFormat() != RNNFormat.NCW) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " supports NCW input only, not "
                    + builder.getRnnDataFormat());
        }
        initializeConstraints(builder);
    }

    /** The layer implementation for this configuration. */
    protected abstract org.deeplearning4j.nn.api.Layer newLayer(NeuralNetConfiguration conf, DataType dataType);

    /** nOut-sized values kept per example and time step for backprop (gates, activations, states). */
    protected abstract int storedValuesPerStep();

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                        Collection<TrainingListener> trainingListeners,
                                                        int layerIndex, INDArray layerParamsView,
                                                        boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet(getClass().getSimpleName(), getLayerName(), layerIndex, getNIn(), getNOut());
        org.deeplearning4j.nn.api.Layer layer = newLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        long perExample = (long) storedValuesPerStep() * nOut
                * ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength();
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, outputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, 4L * nOut, 0, perExample)
                .cacheMemory(0, 0)
                .build();
    }

    public IActivation getGateActivationFn() {
        return gateActivationFn;
    }

    public void setGateActivationFn(IActivation gateActivationFn) {
        this.gateActivationFn = gateActivationFn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatedRecurrentConf other && super.equals(o)
                && Objects.equals(gateActivationFn, other.gateActivationFn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), gateActivationFn);
    }

    public abstract static class Builder<T extends Builder<T>> extends BaseRecurrentLayer.Builder<T> {
        private IActivation gateActivationFn = new ActivationSigmoid();

        protected Builder() {
            this.activationFn = new ActivationTanH();
        }

        /** Activation of the gates (default sigmoid). */
        @SuppressWarnings("unchecked")
        public T gateActivationFunction(Activation gateActivation) {
            this.gateActivationFn = gateActivation.getActivationFunction();
            return (T) this;
        }

        @SuppressWarnings("unchecked")
        public T gateActivationFunction(IActivation gateActivation) {
            this.gateActivationFn = gateActivation;
            return (T) this;
        }
    }
}
