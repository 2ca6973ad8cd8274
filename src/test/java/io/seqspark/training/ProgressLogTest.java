package io.seqspark.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-epoch progress line: its fields, the validation loss only where there is a validation split, the ETA. */
class ProgressLogTest {
    @Test
    void lineWithAValidationSplit() {
        assertEquals("epoch 3/10  train_loss=0.5000  validation_loss=0.6250  1200 examples/s  epoch 2.5s  ETA 18s",
                ProgressLog.line(new EpochStats(3, 0.5, 0.625, 2.5, 1200), 10, 2.5));
    }

    @Test
    void lineWithoutAValidationSplitLeavesTheLossOut() {
        assertEquals("epoch 1/12  train_loss=1.9583  20 examples/s  epoch 259.8s  ETA 47m38s",
                ProgressLog.line(new EpochStats(1, 1.9583, Double.NaN, 259.8, 19.6), 12, 259.8));
    }

    @Test
    void etaInHoursMinutesAndSeconds() {
        assertEquals("59s", ProgressLog.duration(59.4));
        assertEquals("1m00s", ProgressLog.duration(59.5));
        assertEquals("1h01m01s", ProgressLog.duration(3661));
    }
}
