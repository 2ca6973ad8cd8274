package io.seqspark.training;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Supplier;

/**
 * training.early-stopping: watches the validation loss after every epoch, remembers the parameters of the best
 * epoch, and says when {@code patience} epochs have passed without a lower loss.
 */
final class EarlyStopping {
    private final int patience;
    private int bestEpoch;
    private double bestLoss;
    private INDArray bestParams;

    /**
     * @param startEpoch epochs already trained (a resumed run), whose parameters are {@code start}
     * @param startLoss  their validation loss (+infinity when starting from scratch)
     */
    EarlyStopping(int patience, int startEpoch, double startLoss, INDArray start) {
        this.patience = patience;
        this.bestEpoch = startEpoch;
        this.bestLoss = Double.isNaN(startLoss) ? Double.POSITIVE_INFINITY : startLoss;
        this.bestParams = start == null ? null : start.dup();
    }

    /** Records an epoch's validation loss; returns true when training should stop. */
    boolean afterEpoch(int epoch, double validationLoss, Supplier<INDArray> params) {
        if (validationLoss < bestLoss) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            bestParams = params.get().dup();
            return false;
        }
        return epoch - bestEpoch >= patience;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestLoss() {
        return bestLoss;
    }

    /** The best epoch's parameters, or null if no epoch was recorded. */
    INDArray bestParams() {
        return bestParams;
    }
}
