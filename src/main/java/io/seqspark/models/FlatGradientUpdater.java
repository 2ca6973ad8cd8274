package io.seqspark.models;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * DL4J's {@link MultiLayerUpdater}, taking its standard path for the network's own gradient.
 *
 * <p>Why: {@code BaseMultiLayerUpdater.update} (DL4J 1.0.0-M2.1) tells the network's own gradient from an
 * "external" one (RL4J's case: gradients computed in another network) by identity,
 * {@code gradient.gradient() != getFlattenedGradientsView()}. But M2.1's {@code DefaultGradient.gradient()} returns
 * a new rank-1 {@code reshape} of the flattened gradient on every call, so every update of every
 * {@code MultiLayerNetwork} takes the external path: for each variable of each layer, twice per iteration, it cuts
 * parameter and gradient views out of the full arrays for regularization (even with none configured), and it
 * recomputes the minibatch-division subsets. Each view allocates native shape information through JavaCPP, which
 * checks the process's physical memory on every allocation. On the daily-temperature forecaster (LSTM-32, minibatch
 * 32) that was about 8% of a training step (JFR, {@code UpdaterBlock.applyRegularizationAllVariables}).
 *
 * <p>When the gradient's flattened array is a view of exactly the network's flattened gradient (same memory, offset
 * and length), this updater hands DL4J a gradient whose {@link Gradient#gradient()} is that array itself, so the
 * standard path runs: the same arithmetic on the same buffers through the views the updater built once (tested
 * bit for bit against DL4J's own updater in {@code FlatGradientUpdaterTest}). Any other gradient goes to DL4J
 * unchanged.
 */
public final class FlatGradientUpdater extends MultiLayerUpdater {
    private static final long serialVersionUID = 1L;

    /**
     * @param network the network whose updater this is
     * @param state   its updater state (used as the state view, not copied), or null for a fresh, zero state
     */
    public FlatGradientUpdater(MultiLayerNetwork network, INDArray state) {
        super(network, state);
    }

    /**
     * Replaces {@code network}'s updater with a {@code FlatGradientUpdater} over the same state array (Adam's
     * moments, step counts stay as they are). Idempotent; returns the network.
     */
    public static MultiLayerNetwork install(MultiLayerNetwork network) {
        Updater current = network.getUpdater(true);
        if (!(current instanceof FlatGradientUpdater)) {
            network.setUpdater(new FlatGradientUpdater(network, current == null ? null : current.getStateViewArray()));
        }
        return network;
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        INDArray view = getFlattenedGradientsView();
        super.update(own(gradient.gradient(), view) ? new Own(gradient, view) : gradient, iteration, epoch,
                batchSize, workspaceMgr);
    }

    /**
     * Whether {@code flat} is another view of exactly {@code view}: the same memory (address and offset; the
     * reshape wraps it in a new DataBuffer object), type and length, both contiguous.
     */
    static boolean own(INDArray flat, INDArray view) {
        return view != null && flat != null && flat != view && flat.dataType() == view.dataType()
                && flat.length() == view.length() && flat.offset() == view.offset()
                && flat.data().address() == view.data().address()
                && flat.elementWiseStride() == 1 && view.elementWiseStride() == 1;
    }

    /** {@code gradient} with the network's flattened gradient array as its {@link #gradient()}. */
    private static final class Own implements Gradient {
        private static final long serialVersionUID = 1L;
        private final Gradient gradient;
        private final INDArray flat;

        Own(Gradient gradient, INDArray flat) {
            this.gradient = gradient;
            this.flat = flat;
        }

        @Override
        public INDArray gradient() {
            return flat;
        }

        @Override
        public Map<String, INDArray> gradientForVariable() {
            return gradient.gradientForVariable();
        }

        @Override
        public INDArray gradient(List<String> order) {
            return gradient.gradient(order);
        }

        @Override
        public void clear() {
            gradient.clear();
        }

        @Override
        public INDArray getGradientFor(String variable) {
            return gradient.getGradientFor(variable);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray newGradient) {
            return gradient.setGradientFor(variable, newGradient);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray newGradient, Character flatteningOrder) {
            return gradient.setGradientFor(variable, newGradient, flatteningOrder);
        }

        @Override
        public Character flatteningOrderForVariable(String variable) {
            return gradient.flatteningOrderForVariable(variable);
        }
    }
}
