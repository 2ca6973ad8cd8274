package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

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
public class MaskedLSTM extends GatedRecurrentConf {
    private double forgetGateBiasInit = 1.0;
    private boolean cellOutput;

    public MaskedLSTM() {
        // for JSON deserialization
    }

    protected MaskedLSTM(Builder builder) {
        super(builder);
        this.forgetGateBiasInit = builder.forgetGateBiasInit;
        this.cellOutput = builder.cellOutput;
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer newLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new MaskedLSTMLayer(conf, dataType);
    }

    @Override
    protected int storedValuesPerStep() {
        return 11; // 4 pre-activations, 4 gates, act(c), h and c states
    }

    @Override
    public ParamInitializer initializer() {
        return GatedParamInitializer.LSTM;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedLSTM other && super.equals(o) && forgetGateBiasInit == other.forgetGateBiasInit
                && cellOutput == other.cellOutput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), forgetGateBiasInit, cellOutput);
    }

    @Override
    public String toString() {
        return "MaskedLSTM(nIn=" + nIn + ", nOut=" + nOut + ", output=" + (cellOutput ? "cell" : "hidden")
                + ", forgetGateBiasInit=" + forgetGateBiasInit + ")";
    }

    public static class Builder extends GatedRecurrentConf.Builder<Builder> {
        private double forgetGateBiasInit = 1.0;
        private boolean cellOutput;

        public Builder forgetGateBiasInit(double bias) {
            this.forgetGateBiasInit = bias;
            return this;
        }

        /** true: the layer outputs the cell state c instead of the hidden state h. */
        public Builder cellOutput(boolean cellOutput) {
            this.cellOutput = cellOutput;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MaskedLSTM build() {
            return new MaskedLSTM(this);
        }
    }
}
