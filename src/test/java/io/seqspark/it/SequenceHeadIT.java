package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.SparkTestSupport;
import io.seqspark.cli.Main;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * model.head = attention through the CLI: a stacked bidirectional classifier with attention pooling trains on
 * sequences of different lengths, is saved, and the saved model (rebuilt from its JSON configuration) evaluates and
 * predicts; the report records the head.
 */
class SequenceHeadIT {

    @Test
    void attentionHeadTrainsSavesEvaluatesAndPredicts(@TempDir Path dir) throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("id,t,a,b,label\n");
        int sequences = 80;
        for (int s = 0; s < sequences; s++) {
            int c = s % 2;
            int length = 3 + random.nextInt(6); // 3..8 steps: the shorter ones are padded and masked
            for (int t = 0; t < length; t++) {
                csv.append("s").append(s).append(',').append(t).append(String.format(Locale.ROOT, ",%.3f,%.3f,",
                        (c == 1 ? 1.5 : -1.5) + random.nextGaussian() * 0.5, random.nextGaussian()))
                        .append(c == 1 ? "high" : "low").append('\n');
            }
        }
        Path data = dir.resolve("steps.csv");
        Files.writeString(data, csv);
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = heads, output = "%s" }
                task = classification
                data { format = csv, path = "%s" }
                sequence { id-column = id, time-column = t, feature-columns = [a, b], label-column = label }
                model { units = [6, 4], bidirectional = true, head = attention }
                training { epochs = 4, learning-rate = 0.02 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data));
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"));
        ObjectMapper json = new ObjectMapper();
        JsonNode trained = json.readTree(dir.resolve("runs/heads/m/report.json").toFile());
        assertEquals("attention", trained.get("model").get("head").asText());
        // Bidirectional [6, 4]: the top layer is 8 wide, so attention adds 8·8 + 2·8 parameters.
        long recurrent = 2 * (4L * (2 + 6) * 6 + 4 * 6) + 2 * (4L * (12 + 4) * 4 + 4 * 4);
        assertEquals(recurrent + 8 * 8 + 2 * 8 + (8 + 1) * 2, trained.get("model").get("parameters").asLong());

        String model = dir.resolve("runs/heads/m/model").toString();
        assertEquals(0, Main.execute("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e"));
        JsonNode evaluated = json.readTree(dir.resolve("runs/heads-evaluate/e/report.json").toFile());
        assertEquals(sequences, evaluated.get("data").get("test_examples").asInt());
        double accuracy = evaluated.get("metrics").get("test").get("accuracy").asDouble();

        Path output = dir.resolve("predictions");
        assertEquals(0, Main.execute("predict", "--model", model, "--input", data.toString(), "--output",
                output.toString(), "--master", "local[2]"));
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(sequences, rows.size(), "one prediction per sequence");
            long right = rows.stream().filter(r -> r.getAs("actual").equals(r.getAs("predicted"))).count();
            // predict and evaluate both rebuild the saved network: they must agree on every sequence.
            assertEquals(accuracy, right / (double) sequences, 1e-9);
        } finally {
            spark.stop();
        }
        // The classes differ by the mean of feature a (±1.5, noise 0.5): easy for any working head.
        assertTrue(accuracy >= 0.9, "accuracy " + accuracy);
    }

    /**
     * The mean and max heads (DL4J's global pooling, which checks where its input lives) behind bidirectional layers,
     * with dl4j-spark's prefetch and networks kept between averaging rounds: several rounds of real Fashion-MNIST
     * rows in local[2]. This once failed in the second round with "array is defined in incorrect workspace"
     * (ReusingAveragingWorker#processMinibatch).
     */
    @Test
    void poolingHeadsBehindBidirectionalLayersTrainOverSeveralRounds(@TempDir Path dir) throws Exception {
        for (String head : List.of("max", "mean")) {
            Path runs = dir.resolve("runs-" + head);
            assertEquals(0, Main.execute("train", "--conf", "conf/fashion-mnist.conf", "--master", "local[2]",
                    "--run-id", head, "--set", "job.output=" + runs, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                    "--set", "data.sample.balance-column=label", "--set", "data.sample.per-class=200",
                    "--set", "model.bidirectional=true", "--set", "model.head=" + head, "--set", "model.units=[16]",
                    "--set", "training.epochs=2", "--set", "training.batch-size=16",
                    "--set", "training.averaging-frequency=4", "--set", "training.prefetch=2",
                    "--set", "training.retries=0", "--set", "model.dropout=0",
                    "--set", "training.learning-rate-schedule=step", "--set", "training.warmup-epochs=0",
                    "--set", "training.learning-rate=0.002", "--set", "training.gradient-clip.norm=0"), head);
            JsonNode report = new ObjectMapper().readTree(runs.resolve("fashion-mnist/" + head + "/report.json")
                    .toFile());
            assertEquals(head, report.at("/model/head").asText());
            assertTrue(report.at("/metrics/test/accuracy").asDouble() > 0.3, head + ": far above chance (0.1)");
        }
    }
}
