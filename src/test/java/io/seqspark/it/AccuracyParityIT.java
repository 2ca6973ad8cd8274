package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter averaging does not cost accuracy: the same job with 2 workers averaging their parameters (and Adam
 * state) reaches the test accuracy of 1 worker, which is sequential single-machine training (AveragingEquivalenceIT
 * shows 1 worker equals MultiLayerNetwork.fit), at equal epochs, on the same held-out sequences. The test split is
 * large (8,400 sequences) so that a 1-point gap is a real difference, not sampling noise. Each run keeps the
 * parameters of its best epoch on the validation split (model selection never looks at the test split).
 */
class AccuracyParityIT {
    private static JsonNode train(Path out, String runId, int workers) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--run-id", runId,
                "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "data.generator.sequences=12000", "--set", "split.test=0.7",
                "--set", "split.validation=0.05", "--set", "training.epochs=8",
                "--set", "training.workers=" + workers,
                // Both runs keep their best epoch by validation loss (patience > epochs: all 8 epochs run): at this
                // learning rate the loss jumps between epochs, so a last-epoch comparison measures the jump.
                "--set", "training.early-stopping.patience=9"));
        assertEquals(0, Main.execute(args.toArray(new String[0])));
        return RunReports.completeClassificationRun(out.resolve("quickstart").resolve(runId));
    }

    @Test
    void twoWorkersMatchOneWorkerAtEqualEpochs(@TempDir Path out) throws Exception {
        JsonNode one = train(out, "one-worker", 1);
        JsonNode two = train(out, "two-workers", 2);
        assertEquals(1, one.get("training").get("workers").asInt());
        assertEquals(2, two.get("training").get("workers").asInt());
        assertEquals(8400, two.get("data").get("test_examples").asInt());
        double single = one.get("metrics").get("test").get("accuracy").asDouble();
        double averaged = two.get("metrics").get("test").get("accuracy").asDouble();
        System.out.printf("AccuracyParityIT: 1 worker %.4f, 2 workers %.4f%n", single, averaged);
        assertTrue(single > 0.9, "the task was learned: " + single);
        assertTrue(averaged >= single - 0.01, "2 workers " + averaged + " vs 1 worker " + single);
    }
}
