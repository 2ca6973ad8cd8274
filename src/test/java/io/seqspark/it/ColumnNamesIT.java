package io.seqspark.it;

import io.seqspark.SparkTestSupport;
import io.seqspark.cli.Main;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Column names with a dot (which Spark would read as a struct field), a space and non-ASCII letters in every role
 * (id, time, features, label, target) through train, evaluate and predict.
 */
class ColumnNamesIT {
    private static final String ID = "station.id";
    private static final String TIME = "time step";
    private static final String DOT = "temp.max";
    private static final String SPACE = "wind speed";
    private static final String KOREAN = "온도";
    private static final String LABEL = "날씨 class.name";

    private static int run(String... args) {
        return Main.execute(args);
    }

    private static String header() {
        return String.join(",", ID, TIME, DOT, SPACE, KOREAN);
    }

    @Test
    void classificationOnStepRows(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder(header() + "," + LABEL + "\n");
        for (int s = 0; s < 30; s++) {
            for (int t = 0; t < 6; t++) {
                int c = s % 2;
                csv.append("s").append(s).append(',').append(t).append(String.format(Locale.ROOT, ",%.3f,%.3f,%.3f,",
                        c * 2 + random.nextDouble(), random.nextDouble(), (c == 1 ? t : -t) + random.nextDouble()))
                        .append(c == 1 ? "up" : "down").append('\n');
            }
        }
        Path data = dir.resolve("steps.csv");
        Files.writeString(data, csv);
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = names, output = "%s" }
                task = classification
                data { format = csv, path = "%s" }
                sequence { id-column = "%s", time-column = "%s", feature-columns = ["%s", "%s", "%s"],
                           label-column = "%s" }
                model.units = [4]
                training.epochs = 2
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data, ID, TIME, DOT, SPACE, KOREAN, LABEL));
        assertEquals(0, run("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"));
        String model = dir.resolve("runs/names/m/model").toString();
        assertEquals(0, run("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e"));
        assertTrue(Files.exists(dir.resolve("runs/names-evaluate/e/_SUCCESS")));
        Path output = dir.resolve("predictions");
        assertEquals(0, run("predict", "--model", model, "--input", data.toString(), "--output", output.toString(),
                "--master", "local[2]"));
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(30, rows.size(), "one prediction per sequence");
            assertEquals(List.of(ID, "actual", "predicted", "probability", "probabilities"),
                    Arrays.asList(rows.get(0).schema().fieldNames()));
            assertTrue(rows.stream().allMatch(r -> r.getString(0).startsWith("s")), "ids as in the input");
        } finally {
            spark.stop();
        }
    }

    @Test
    void forecasting(@TempDir Path dir) throws Exception {
        Random random = new Random(6);
        StringBuilder csv = new StringBuilder(header() + "\n");
        for (String station : List.of("a", "b")) {
            for (int t = 0; t < 50; t++) {
                csv.append(station).append(',').append(t).append(String.format(Locale.ROOT, ",%.3f,%.3f,%.3f\n",
                        20 + 5 * Math.sin(t / 3.0) + random.nextDouble(), 10 * random.nextDouble(),
                        15 + 3 * Math.cos(t / 4.0)));
            }
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv);
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = names, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence { id-column = "%s", time-column = "%s", target-columns = ["%s"],
                           feature-columns = ["%s", "%s"], window { lookback = 6, horizon = 2 } }
                model.units = [4]
                training.epochs = 2
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data, ID, TIME, DOT, SPACE, KOREAN));
        assertEquals(0, run("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"));
        String model = dir.resolve("runs/names/m/model").toString();
        assertEquals(0, run("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e"));
        assertTrue(Files.exists(dir.resolve("runs/names-evaluate/e/_SUCCESS")));
        Path output = dir.resolve("forecasts");
        assertEquals(0, run("predict", "--model", model, "--input", data.toString(), "--output", output.toString(),
                "--master", "local[2]"));
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(2 * 2, rows.size(), "horizon 2 for each of 2 stations");
            assertEquals(List.of(ID, "step", DOT + "_forecast", "reason"),
                    Arrays.asList(rows.get(0).schema().fieldNames()));
            assertTrue(rows.stream().allMatch(r -> Double.isFinite(r.getDouble(2)) && r.isNullAt(3)),
                    "every series forecast, none with a reason");
        } finally {
            spark.stop();
        }
    }

    @Test
    void textClassificationFromCsv(@TempDir Path dir) throws Exception {
        String[] good = {"great", "lovely", "fine", "superb"};
        String[] bad = {"awful", "dull", "poor", "boring"};
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("review id,review.text,감정 label\n");
        for (int i = 0; i < 60; i++) {
            String[] words = i % 2 == 0 ? good : bad;
            csv.append("r").append(i).append(",a ").append(words[random.nextInt(4)]).append(" film ")
                    .append(words[random.nextInt(4)]).append(',').append(i % 2 == 0 ? "pos" : "neg").append('\n');
        }
        Path data = dir.resolve("reviews.csv");
        Files.writeString(data, csv);
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = names, output = "%s" }
                task = classification
                data { format = csv, path = "%s", sample { balance-column = "감정 label", per-class = 25 } }
                text { text-column = "review.text", label-column = "감정 label", id-column = "review id",
                       tokenizer = word, max-length = 8 }
                model { units = [4], embedding-size = 4 }
                training.epochs = 2
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data));
        assertEquals(0, run("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"));
        com.fasterxml.jackson.databind.JsonNode counts = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("runs/names/m/report.json").toFile()).get("data");
        assertEquals(50, counts.get("train_examples").asInt() + counts.get("validation_examples").asInt()
                + counts.get("test_examples").asInt(), "data.sample kept 25 of each class: " + counts);
        String model = dir.resolve("runs/names/m/model").toString();
        assertEquals(0, run("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e"));
        assertTrue(Files.exists(dir.resolve("runs/names-evaluate/e/_SUCCESS")));
        Path output = dir.resolve("predictions");
        assertEquals(0, run("predict", "--model", model, "--input", data.toString(), "--output", output.toString(),
                "--master", "local[2]"));
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(60, rows.size(), "one prediction per review");
            assertEquals("review id", rows.get(0).schema().fieldNames()[0]);
        } finally {
            spark.stop();
        }
    }
}
