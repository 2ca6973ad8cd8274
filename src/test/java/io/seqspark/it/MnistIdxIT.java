package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row-by-row MNIST from the real IDX files in ../shared/data/mnist (only the official test split is available
 * there): trained on 80% of it and tested on the held-out 20%, with the example Fashion-MNIST configuration's
 * model and preprocessing. A smoke test of the idx path on real data, not a benchmark.
 */
class MnistIdxIT {
    private static final Path MNIST = Path.of("../shared/data/mnist");

    @Test
    void rowByRowMnistLearns(@TempDir Path out) throws Exception {
        assertTrue(Files.isRegularFile(MNIST.resolve("t10k-images-idx3-ubyte.gz")), "shared MNIST data at " + MNIST);
        assertEquals(0, Main.execute("train", "--conf", "conf/fashion-mnist.conf", "--master", "local[2]",
                "--run-id", "mnist", "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "job.name=mnist",
                "--set", "data.path=" + MNIST.resolve("t10k-images-idx3-ubyte.gz"),
                "--set", "data.labels-path=" + MNIST.resolve("t10k-labels-idx1-ubyte.gz"),
                "--set", "data.test-path=", "--set", "data.test-labels-path=",
                "--set", "split.test=0.2", "--set", "training.epochs=5", "--set", "model.units=[64]",
                "--set", "training.batch-size=64", "--set", "training.learning-rate=0.005",
                "--set", "training.learning-rate-scaling=none", "--set", "training.averaging-frequency=5",
                // the tutorial model, not the config's larger accurate one
                "--set", "model.bidirectional=false", "--set", "model.head=last", "--set", "model.dropout=0",
                "--set", "training.learning-rate-schedule=step", "--set", "training.warmup-epochs=0",
                "--set", "training.gradient-clip.norm=0"));
        JsonNode report = RunReports.completeClassificationRun(out.resolve("mnist/mnist"));
        // 20% test and 10% validation of the 10,000 images, rounded per digit (stratified).
        assertEquals(7000, report.get("data").get("train_examples").asInt());
        assertEquals(1000, report.get("data").get("validation_examples").asInt());
        assertEquals(2000, report.get("data").get("test_examples").asInt());
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.85, "row-by-row MNIST held-out accuracy after 5 epochs on 7,000 images: " + accuracy);
    }
}
