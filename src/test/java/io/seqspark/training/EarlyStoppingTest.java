package io.seqspark.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {
    /** The "parameters" after each epoch: a vector holding the epoch number. */
    private static INDArray params(int epoch) {
        return Nd4j.createFromArray((float) epoch, (float) epoch);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestEpoch() {
        EarlyStopping early = new EarlyStopping(2, 0, Double.NaN, null);
        assertNull(early.bestParams());
        double[] losses = {1.0, 0.8, 0.9, 0.85, 0.7};
        int stoppedAt = -1;
        for (int epoch = 1; epoch <= losses.length; epoch++) {
            int e = epoch;
            if (early.afterEpoch(epoch, losses[epoch - 1], () -> params(e))) {
                stoppedAt = epoch;
                break;
            }
        }
        assertEquals(4, stoppedAt, "two epochs (3 and 4) without a loss below 0.8");
        assertEquals(2, early.bestEpoch());
        assertEquals(0.8, early.bestLoss(), 0);
        assertEquals(2f, early.bestParams().getFloat(0), "the parameters of epoch 2, not the last");
    }

    @Test
    void theBestParametersAreACopyNotTheLiveArray() {
        INDArray live = params(1);
        EarlyStopping early = new EarlyStopping(3, 0, Double.NaN, null);
        assertFalse(early.afterEpoch(1, 0.5, () -> live));
        live.assign(99);
        assertEquals(1f, early.bestParams().getFloat(0));
    }

    @Test
    void aResumedRunStartsFromItsCheckpoint() {
        EarlyStopping early = new EarlyStopping(1, 5, 0.3, params(5));
        assertTrue(early.afterEpoch(6, 0.4, () -> params(6)), "worse than the checkpoint's 0.3");
        assertEquals(5, early.bestEpoch());
        assertEquals(5f, early.bestParams().getFloat(0));
    }
}
