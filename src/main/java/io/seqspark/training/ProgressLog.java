package io.seqspark.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** The per-epoch progress line users watch: loss, throughput and the estimated time left. */
final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger("seqspark.progress");

    private ProgressLog() {
    }

    static void epoch(EpochStats s, int epochs, double meanEpochSeconds) {
        LOG.info(line(s, epochs, meanEpochSeconds));
    }

    /**
     * The line of one epoch. Without a validation split (split.validation = 0) the validation loss is NaN and left
     * out; with one, a NaN loss stops the run before this line (SparkTrainer.requireFinite).
     */
    static String line(EpochStats s, int epochs, double meanEpochSeconds) {
        double eta = meanEpochSeconds * (epochs - s.epoch());
        String validation = Double.isNaN(s.validationLoss()) ? ""
                : String.format(Locale.ROOT, "  validation_loss=%.4f", s.validationLoss());
        return String.format(Locale.ROOT, "epoch %d/%d  train_loss=%.4f%s  %.0f examples/s  epoch %.1fs  ETA %s",
                s.epoch(), epochs, s.trainLoss(), validation, s.examplesPerSecond(), s.seconds(), duration(eta));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
