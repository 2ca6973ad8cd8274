package io.seqspark.training;

/**
 * One epoch's figures, as logged and reported.
 *
 * @param trainLoss      mean minibatch loss the workers reported in the epoch's last averaging round
 * @param validationLoss mean loss over the validation split after the epoch (NaN without a validation split)
 * @param seconds        wall time of the epoch's training (excluding validation scoring)
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double seconds,
                         double examplesPerSecond) {
}
