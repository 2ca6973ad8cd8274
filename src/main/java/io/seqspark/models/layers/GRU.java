package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

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
public class GRU extends GatedRecurrentConf {
    private boolean resetAfter = true;
    private double updateGateBiasInit;

    public GRU() {
        // for JSON deserialization
    }

    protected GRU(Builder builder) {
        super(builder);
        this.resetAfter = builder.resetAfter;
        this.updateGateBiasInit = builder.updateGateBiasInit;
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer newLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new GRULayer(conf, dataType);
    }

    @Override
    protected int storedValuesPerStep() {
        return 6; // r, z, n, hn, state, input copy (roughly)
    }

    @Override
    public ParamInitializer initializer() {
        return GatedParamInitializer.GRU;
    }

    public boolean isResetAfter() {
        return resetAfter;
    }

    public void setResetAfter(boolean resetAfter) {
        this.resetAfter = resetAfter;
    }

    public double getUpdateGateBiasInit() {
        return updateGateBiasInit;
    }

    public void setUpdateGateBiasInit(double updateGateBiasInit) {
        this.updateGateBiasInit = updateGateBiasInit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GRU other && super.equals(o) && resetAfter == other.resetAfter
                && updateGateBiasInit == other.updateGateBiasInit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), resetAfter, updateGateBiasInit);
    }

    @Override
    public String toString() {
        return "GRU(nIn=" + nIn + ", nOut=" + nOut + ", resetAfter=" + resetAfter + ", activation=" + activationFn
                + ", gateActivation=" + getGateActivationFn() + ")";
    }

    public static class Builder extends GatedRecurrentConf.Builder<Builder> {
        private boolean resetAfter = true;
        private double updateGateBiasInit;

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

        @Override
        @SuppressWarnings("unchecked")
        public GRU build() {
            return new GRU(this);
        }
    }
}
