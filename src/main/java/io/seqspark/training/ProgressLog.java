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
        double eta = meanEpochSeconds * (epochs - s.epoch());
        LOG.info(String.format(Locale.ROOT,
                "epoch %d/%d  train_loss=%.4f  validation_loss=%.4f  %.0f examples/s  epoch %.1fs  ETA %s",
                s.epoch(), epochs, s.trainLoss(), s.validationLoss(), s.examplesPerSecond(), s.seconds(),
                duration(eta)));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
