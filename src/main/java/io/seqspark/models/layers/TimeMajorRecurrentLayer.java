package io.seqspark.models.layers;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Plumbing shared by seqspark's hand-written recurrent layers. Inputs are NCW [minibatch, features, time];
 * internally every per-step quantity lives in a time-major [time × minibatch, units] buffer whose row block t is
 * step t, so per-step slices are contiguous and the input projection of all steps is a single gemm. Masked steps
 * keep the state and output zeros (DL4J's own LSTM resets its state to zero on them).
 *
 * @param <C> the layer configuration
 */
abstract class TimeMajorRecurrentLayer<C extends org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer>
        extends BaseRecurrentLayer<C> {

    /** The initial state of the last forward pass, so that backprop recomputes exactly that pass. */
    private Map<String, INDArray> lastInitialState;
    /** The last training forward pass, kept for backprop when the network's cache mode allows it. */
    private Pass cachedPass;

    TimeMajorRecurrentLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** A forward pass: the layer output plus whatever the backward pass needs. */
    abstract static class Pass {
        INDArray out;          // [m, units, T] 'f'
        INDArray x2d;          // [T·m, nIn] time-major input

        /** State after the last step, by state key. */
        abstract Map<String, INDArray> finalState(long steps, long m);
    }

    /**
     * @param keep the array type for everything the backward pass reads: BP_WORKING_MEM when called from
     *             backprop, FF_CACHE when the pass is cached for backprop, FF_WORKING_MEM otherwise
     */
    abstract Pass forward(Map<String, INDArray> initialState, boolean training, ArrayType keep,
                          LayerWorkspaceMgr workspaceMgr);

    /** Backprop through steps [end, T); returns parameter gradients and dL/dInput [m, nIn, T]. */
    abstract Pair<Gradient, INDArray> backward(Pass pass, INDArray epsilon, long end, LayerWorkspaceMgr workspaceMgr);

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return run(null, training, workspaceMgr).out;
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pass p = run(stateMap.isEmpty() ? null : new HashMap<>(stateMap), false, workspaceMgr);
        keep(p, stateMap);
        return p.out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pass p = run(tBpttStateMap.isEmpty() ? null : new HashMap<>(tBpttStateMap), training, workspaceMgr);
        if (storeLastForTBPTT) {
            keep(p, tBpttStateMap);
        }
        return p.out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Pass p = cachedPass;
        cachedPass = null;
        if (p == null) {
            p = forward(lastInitialState, true, ArrayType.BP_WORKING_MEM, workspaceMgr);
        }
        long steps = input.size(2);
        long end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
        gradientsFlattened.assign(0);
        Pair<Gradient, INDArray> result = backward(p, epsilon, end, workspaceMgr);
        weightNoiseParams.clear();
        return new Pair<>(result.getFirst(), backpropDropOutIfPresent(result.getSecond()));
    }

    private Pass run(Map<String, INDArray> initialState, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException(getClass().getSimpleName() + " (layer " + layerId() + ") expects 3D "
                    + "input [minibatch, features, time], got shape " + Arrays.toString(input.shape()));
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        lastInitialState = initialState;
        cachedPass = null;
        // As DL4J's own layers do: keep the training pass for backprop only if the network asked for caching
        // and the cache workspace (alive until backprop) is open; otherwise backprop recomputes it.
        boolean cache = training && cacheMode != null && cacheMode != CacheMode.NONE
                && workspaceMgr.hasConfiguration(ArrayType.FF_CACHE) && workspaceMgr.isWorkspaceOpen(ArrayType.FF_CACHE);
        Pass p = forward(initialState, training, cache ? ArrayType.FF_CACHE : ArrayType.FF_WORKING_MEM, workspaceMgr);
        if (cache) {
            cachedPass = p;
        }
        return p;
    }

    @Override
    public void clear() {
        super.clear();
        cachedPass = null;
    }

    private void keep(Pass p, Map<String, INDArray> into) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : p.finalState(input.size(2), input.size(0)).entrySet()) {
                into.put(e.getKey(), e.getValue().dup('c'));
            }
        }
    }

    // ---- helpers for subclasses ----

    static INDArray block(INDArray timeMajor, long t, long m) {
        return timeMajor.get(interval(t * m, (t + 1) * m), all());
    }

    static INDArray columns(INDArray a, long from, long to) {
        return a.get(all(), interval(from, to));
    }

    /** Derivative of a gate or cell activation, from its output y where that is enough (sigmoid, tanh). */
    static INDArray activationGradient(IActivation fn, INDArray y, INDArray pre, INDArray grad) {
        if (fn instanceof ActivationSigmoid) {
            return grad.muli(y).muli(y.rsub(1.0));
        }
        if (fn instanceof ActivationTanH) {
            return grad.muli(y.mul(y).rsubi(1.0));
        }
        return fn.backprop(pre.dup(), grad).getFirst();
    }

    /** Whether {@link #activationGradient} needs the pre-activation (kept only then). */
    static boolean needsPreActivation(IActivation fn) {
        return !(fn instanceof ActivationSigmoid) && !(fn instanceof ActivationTanH);
    }

    /** The gradient views of all parameters, in parameter order, after backward filled them. */
    Gradient parameterGradients() {
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : layerConf().initializer().paramKeys(layerConf())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        return g;
    }

    /** The input as a time-major [T·m, nIn] matrix. */
    INDArray timeMajorInput(ArrayType work, LayerWorkspaceMgr workspaceMgr) {
        long m = input.size(0);
        long nIn = input.size(1);
        long steps = input.size(2);
        INDArray x = workspaceMgr.createUninitialized(work, input.dataType(), new long[]{steps, m, nIn}, 'c');
        x.assign(input.permute(2, 0, 1));
        return x.reshape('c', steps * m, nIn);
    }

    /** An output gradient [m, n, T] as a time-major [T·m, n] c-order copy (for the fused kernels). */
    static INDArray timeMajor(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        long m = epsilon.size(0);
        long n = epsilon.size(1);
        long steps = epsilon.size(2);
        INDArray copy = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, epsilon.dataType(),
                new long[]{steps * m, n}, 'c');
        copy.reshape('c', steps, m, n).assign(epsilon.permute(2, 0, 1));
        return copy;
    }

    /** Time-major outputs [T·m, n] into the layer's output [m, n, T]. */
    static void fromTimeMajor(INDArray timeMajor, INDArray out) {
        long m = out.size(0);
        long n = out.size(1);
        long steps = out.size(2);
        out.assign(timeMajor.reshape('c', steps, m, n).permute(1, 2, 0));
    }

    /** x·W + b for all steps at once: [T·m, gates·units]. */
    static INDArray inputProjection(INDArray x2d, INDArray w, INDArray b, ArrayType work,
                                    LayerWorkspaceMgr workspaceMgr) {
        INDArray proj = workspaceMgr.createUninitialized(work, x2d.dataType(), new long[]{x2d.size(0), w.size(1)}, 'c');
        proj.assign(0).addiRowVector(b);
        Nd4j.gemm(x2d, w, proj, false, false, 1.0, 1.0);
        return proj;
    }

    /** The feature mask of step t as a [m, 1] column, or null without a mask. */
    INDArray maskColumn(long t, long m, DataType dt) {
        return maskArray == null ? null : maskArray.getColumn(t).reshape(m, 1).castTo(dt);
    }

    /**
     * {@code into = column sums of a} ([1, cols]) as a gemm with a row of ones: ND4J's sum along dimension 0 of a
     * tall c-order matrix was the largest single cost of a training step (measured with StepProfile and JFR).
     */
    static void columnSums(INDArray a, INDArray into, LayerWorkspaceMgr workspaceMgr) {
        INDArray ones = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, a.dataType(),
                new long[]{1, a.size(0)}, 'c').assign(1);
        Nd4j.gemm(ones, a, into.reshape(1, a.size(1)), false, false, 1.0, 0.0);
    }

    /** The feature mask as one float row per step ([T][m]), or null without a mask (for the fused kernels). */
    float[][] stepMasks(long steps, long m) {
        if (maskArray == null) {
            return null;
        }
        float[][] byRow = maskArray.castTo(DataType.FLOAT).toFloatMatrix();   // [m][T]
        float[][] byStep = new float[(int) steps][(int) m];
        for (int r = 0; r < m; r++) {
            for (int t = 0; t < steps; t++) {
                byStep[t][r] = byRow[r][t];
            }
        }
        return byStep;
    }

    /** dL/dInput [m, nIn, T] from dL/d(input projection) [T·m, gates·units]. */
    INDArray inputGradient(INDArray dXproj, INDArray w, long m, long steps, LayerWorkspaceMgr workspaceMgr) {
        long nIn = w.size(0);
        INDArray dx2d = dXproj.mmul(w.transpose());
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dXproj.dataType(),
                new long[]{m, nIn, steps}, 'f');
        epsOut.assign(dx2d.reshape('c', steps, m, nIn).permute(1, 2, 0));
        return epsOut;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasLayerNorm() {
        return false;
    }
}
