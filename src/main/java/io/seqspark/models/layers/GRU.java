package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
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
 * Gated recurrent unit (Cho et al., 2014) as a DL4J layer configuration; DL4J 1.0.0-M2.1 has none.
 * <pre>
 * r  = gate(x·Wr + h·Ur + br)                 reset gate
 * z  = gate(x·Wz + h·Uz + bz)                 update gate
 * n  = act(x·Wn + bn + r ⊙ (h·Un + bhn))      reset-after (default; cuDNN, PyTorch, Keras 2 reset_after=True)
 * n  = act(x·Wn + bn + (r ⊙ h)·Un)            reset-before (the original formulation)
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * gate = sigmoid and act = tanh by default. Input is NCW ([minibatch, features, time]); masked time steps leave
 * the state unchanged and output zeros. Parameters: W [nIn, 3·nOut], RW [nOut, 3·nOut] (blocks r, z, n), b
 * [3·nOut], and RB [nOut] (bhn, reset-after only): 3·(nIn + nOut)·nOut + 4·nOut parameters (3·nOut fewer for
 * reset-before).
 *
 * <p>Bean getters/setters and the no-argument constructor are needed by DL4J's JSON (de)serialization.
 */
public class GRU extends BaseRecurrentLayer {
    private boolean resetAfter = true;
    private IActivation gateActivationFn = new ActivationSigmoid();
    private double updateGateBiasInit;

    public GRU() {
        // for JSON deserialization
    }

    protected GRU(Builder builder) {
        super(builder);
        this.resetAfter = builder.resetAfter;
        this.gateActivationFn = builder.gateActivationFn;
        this.updateGateBiasInit = builder.updateGateBiasInit;
        if (builder.getRnnDataFormat() != null && builder.getRnnDataFormat() != RNNFormat.NCW) {
            throw new IllegalArgumentException("GRU supports NCW input only, not " + builder.getRnnDataFormat());
        }
        initializeConstraints(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                        Collection<TrainingListener> trainingListeners,
                                                        int layerIndex, INDArray layerParamsView,
                                                        boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("GRU", getLayerName(), layerIndex, getNIn(), getNOut());
        GRULayer layer = new GRULayer(conf, networkDataType);
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
        return GatedParamInitializer.GRU;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        // Per example and time step: 8 stored nOut-sized intermediates for backprop (gates, pre-activations, state).
        long perExample = 8L * nOut * ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength();
        return new LayerMemoryReport.Builder(layerName, GRU.class, inputType, outputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, 3L * nOut, 0, perExample)
                .cacheMemory(0, 0)
                .build();
    }

    public boolean isResetAfter() {
        return resetAfter;
    }

    public void setResetAfter(boolean resetAfter) {
        this.resetAfter = resetAfter;
    }

    public IActivation getGateActivationFn() {
        return gateActivationFn;
    }

    public double getUpdateGateBiasInit() {
        return updateGateBiasInit;
    }

    public void setUpdateGateBiasInit(double updateGateBiasInit) {
        this.updateGateBiasInit = updateGateBiasInit;
    }

    public void setGateActivationFn(IActivation gateActivationFn) {
        this.gateActivationFn = gateActivationFn;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GRU other) || !super.equals(o)) {
            return false;
        }
        return resetAfter == other.resetAfter && updateGateBiasInit == other.updateGateBiasInit
                && Objects.equals(gateActivationFn, other.gateActivationFn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), resetAfter, updateGateBiasInit, gateActivationFn);
    }

    @Override
    public String toString() {
        return "GRU(nIn=" + nIn + ", nOut=" + nOut + ", resetAfter=" + resetAfter + ", activation=" + activationFn
                + ", gateActivation=" + gateActivationFn + ")";
    }

    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        private boolean resetAfter = true;
        private IActivation gateActivationFn = new ActivationSigmoid();
        private double updateGateBiasInit;

        public Builder() {
            this.activationFn = new ActivationTanH();
        }

        /** true (default): reset gate applied after the recurrent matrix product; false: before it (Cho et al.). */
        public Builder resetAfter(boolean resetAfter) {
            this.resetAfter = resetAfter;
            return this;
        }

        /**
         * Initial bias of the update gate z (default 0). A positive value makes the unit keep its state by
         * default, the GRU counterpart of the LSTM forget-gate bias of 1.
         */
        public Builder updateGateBiasInit(double bias) {
            this.updateGateBiasInit = bias;
            return this;
        }

        /** Activation of the reset and update gates (default sigmoid). */
        public Builder gateActivationFunction(Activation gateActivation) {
            this.gateActivationFn = gateActivation.getActivationFunction();
            return this;
        }

        public Builder gateActivationFunction(IActivation gateActivation) {
            this.gateActivationFn = gateActivation;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GRU build() {
            return new GRU(this);
        }
    }
}
