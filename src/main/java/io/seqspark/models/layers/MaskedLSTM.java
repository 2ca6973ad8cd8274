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
 * LSTM (Hochreiter and Schmidhuber, 1997; with forget gate, Gers et al., 2000) whose masked steps keep the hidden
 * and cell state and output zeros: padding (at either end) never influences results, a masked gap inside a
 * sequence does not wipe the memory, and the state after a padded batch is the state after each sequence's last
 * real step (DL4J's own LSTM resets its state to zero on masked steps). It can also expose the cell state instead
 * of the hidden state as its output.
 * <pre>
 * i = gate(x·Wi + h·Ui + bi)   f = gate(x·Wf + h·Uf + bf)   o = gate(x·Wo + h·Uo + bo)   g = act(x·Wg + h·Ug + bg)
 * c' = f ⊙ c + i ⊙ g           h' = o ⊙ act(c')             output: h' (hidden, default) or c' (cell)
 * </pre>
 * Parameters: W [nIn, 4·nOut], RW [nOut, 4·nOut] (blocks i, f, o, g), b [4·nOut]: 4·(nIn + nOut)·nOut + 4·nOut,
 * as DL4J's LSTM. The forget-gate bias starts at {@code forgetGateBiasInit} (default 1.0).
 */
public class MaskedLSTM extends BaseRecurrentLayer {
    private double forgetGateBiasInit = 1.0;
    private boolean cellOutput;
    private IActivation gateActivationFn = new ActivationSigmoid();

    public MaskedLSTM() {
        // for JSON deserialization
    }

    protected MaskedLSTM(Builder builder) {
        super(builder);
        this.forgetGateBiasInit = builder.forgetGateBiasInit;
        this.cellOutput = builder.cellOutput;
        this.gateActivationFn = builder.gateActivationFn;
        if (builder.getRnnDataFormat() != null && builder.getRnnDataFormat() != RNNFormat.NCW) {
            throw new IllegalArgumentException("MaskedLSTM supports NCW input only, not " + builder.getRnnDataFormat());
        }
        initializeConstraints(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                        Collection<TrainingListener> trainingListeners,
                                                        int layerIndex, INDArray layerParamsView,
                                                        boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("MaskedLSTM", getLayerName(), layerIndex, getNIn(), getNOut());
        MaskedLSTMLayer layer = new MaskedLSTMLayer(conf, networkDataType);
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
        return GatedParamInitializer.LSTM;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        long perExample = 11L * nOut * ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength();
        return new LayerMemoryReport.Builder(layerName, MaskedLSTM.class, inputType, outputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, 4L * nOut, 0, perExample)
                .cacheMemory(0, 0)
                .build();
    }

    public double getForgetGateBiasInit() {
        return forgetGateBiasInit;
    }

    public void setForgetGateBiasInit(double forgetGateBiasInit) {
        this.forgetGateBiasInit = forgetGateBiasInit;
    }

    public boolean isCellOutput() {
        return cellOutput;
    }

    public void setCellOutput(boolean cellOutput) {
        this.cellOutput = cellOutput;
    }

    public IActivation getGateActivationFn() {
        return gateActivationFn;
    }

    public void setGateActivationFn(IActivation gateActivationFn) {
        this.gateActivationFn = gateActivationFn;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MaskedLSTM other) || !super.equals(o)) {
            return false;
        }
        return forgetGateBiasInit == other.forgetGateBiasInit && cellOutput == other.cellOutput
                && Objects.equals(gateActivationFn, other.gateActivationFn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), forgetGateBiasInit, cellOutput, gateActivationFn);
    }

    @Override
    public String toString() {
        return "MaskedLSTM(nIn=" + nIn + ", nOut=" + nOut + ", output=" + (cellOutput ? "cell" : "hidden")
                + ", forgetGateBiasInit=" + forgetGateBiasInit + ")";
    }

    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        private double forgetGateBiasInit = 1.0;
        private boolean cellOutput;
        private IActivation gateActivationFn = new ActivationSigmoid();

        public Builder() {
            this.activationFn = new ActivationTanH();
        }

        public Builder forgetGateBiasInit(double bias) {
            this.forgetGateBiasInit = bias;
            return this;
        }

        /** true: the layer outputs the cell state c instead of the hidden state h. */
        public Builder cellOutput(boolean cellOutput) {
            this.cellOutput = cellOutput;
            return this;
        }

        public Builder gateActivationFunction(Activation gateActivation) {
            this.gateActivationFn = gateActivation.getActivationFunction();
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MaskedLSTM build() {
            return new MaskedLSTM(this);
        }
    }
}
