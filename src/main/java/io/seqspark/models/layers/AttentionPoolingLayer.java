package io.seqspark.models.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

import static io.seqspark.models.layers.AttentionParamInitializer.BIAS_KEY;
import static io.seqspark.models.layers.AttentionParamInitializer.CONTEXT_KEY;
import static io.seqspark.models.layers.AttentionParamInitializer.WEIGHT_KEY;

/** The network-side {@link AttentionPooling}: forward pass and its hand-derived backward pass. */
public class AttentionPoolingLayer extends BaseLayer<AttentionPooling> {
    /** Added to the scores of masked steps before the softmax's max, so they never win it. */
    private static final double MASKED_SCORE = -1e30;

    public AttentionPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** One forward pass: what backprop needs. */
    private record Pass(INDArray x, INDArray x2d, INDArray h, INDArray a, INDArray out) {
    }

    private Pass forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 3) {
            throw new IllegalStateException("AttentionPooling (layer " + layerId() + ") expects 3D input "
                    + "[minibatch, features, time], got shape " + Arrays.toString(input.shape()));
        }
        INDArray x = input;
        long m = x.size(0);
        long n = x.size(1);
        long steps = x.size(2);
        INDArray w = getParamWithNoise(WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(BIAS_KEY, training, workspaceMgr);
        INDArray v = getParamWithNoise(CONTEXT_KEY, training, workspaceMgr);
        // Rows (example, step): row i·T + t is h_t of example i.
        INDArray x2d = x.permute(0, 2, 1).dup('c').reshape('c', m * steps, n);
        INDArray h = x2d.mmul(w).addiRowVector(b);
        Transforms.tanh(h, false);
        INDArray e = h.mmul(v).reshape('c', m, steps);
        INDArray mask = maskArray == null ? null : maskArray.castTo(e.dataType()).reshape('c', m, steps);
        if (mask != null) {
            e.addi(mask.rsub(1.0).muli(MASKED_SCORE));
        }
        // Softmax over the real steps of each example, shifted by its max for stability.
        e.subiColumnVector(e.max(1).reshape(m, 1));
        INDArray a = Transforms.exp(e, false);
        if (mask != null) {
            a.muli(mask);
        }
        INDArray sum = a.sum(true, 1);
        BooleanIndexing.replaceWhere(sum, 1.0, Conditions.equals(0)); // a sequence with no real step pools to 0
        a.diviColumnVector(sum);
        INDArray weighted = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, a, weighted, 0, 2));
        return new Pass(x, x2d, h, a, weighted.sum(2));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, forward(training, workspaceMgr).out());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Pass p = forward(true, workspaceMgr);
        INDArray x = p.x();
        long m = x.size(0);
        long n = x.size(1);
        long steps = x.size(2);
        INDArray eps = epsilon.reshape(m, n);
        // out = Σ_t a_t x_t: dx_t = a_t·eps (direct path), da_t = x_t·eps.
        INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c').assign(1.0);
        Nd4j.getExecutioner().exec(new BroadcastMulOp(dx, eps, dx, 0, 1));
        INDArray xEps = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, eps, xEps, 0, 1));
        INDArray da = xEps.sum(1);                                      // [m, T]
        Nd4j.getExecutioner().exec(new BroadcastMulOp(dx, p.a(), dx, 0, 2));
        // Softmax: de_t = a_t (da_t − Σ_s a_s da_s); masked steps have a_t = 0 and get no gradient.
        INDArray a = p.a();
        INDArray de = da.subColumnVector(a.mul(da).sum(true, 1)).muli(a).reshape('c', m * steps, 1);
        INDArray v = getParam(CONTEXT_KEY);
        INDArray w = getParam(WEIGHT_KEY);
        INDArray h = p.h();
        gradientViews.get(CONTEXT_KEY).assign(h.transpose().mmul(de));
        INDArray dz = de.mmul(v.transpose()).muli(h.mul(h).rsubi(1.0)); // tanh' = 1 − h²
        gradientViews.get(WEIGHT_KEY).assign(p.x2d().transpose().mmul(dz));
        gradientViews.get(BIAS_KEY).assign(dz.sum(true, 0));
        INDArray dx2d = dz.mmul(w.transpose());                        // [m·T, n]
        dx.addi(dx2d.reshape('c', m, steps, n).permute(0, 2, 1));
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'f');
        epsOut.assign(dx);

        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : AttentionParamInitializer.INSTANCE.paramKeys(layerConf())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        weightNoiseParams.clear();
        return new Pair<>(g, backpropDropOutIfPresent(epsOut));
    }

    /** The pooled output has no time axis, so no mask goes further (as in DL4J's GlobalPoolingLayer). */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = null;
        return null;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    @Override
    public boolean hasLayerNorm() {
        return false;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }
}
