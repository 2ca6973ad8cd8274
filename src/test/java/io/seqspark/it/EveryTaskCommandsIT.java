package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * evaluate, predict and generate on a freshly saved model of each of the four tasks (sequence classification,
 * forecast, text classification, language model), through the CLI in local[2]: each command either works (its
 * report or its rows are checked) or, where a task has no such command (predict and generate of the kinds that do
 * not have them), exits 2 with one line that says what to use instead. One tiny model of each task is trained once.
 */
class EveryTaskCommandsIT {
    private static final String NO_UI = "spark.conf.\"spark.ui.enabled\"=false";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path root;
    private static Path runs;

    @RegisterExtension
    final CapturedOutput out = CapturedOutput.stdout();
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    @BeforeAll
    static void trainOneModelOfEachTask() throws Exception {
        runs = root.resolve("runs");
        Random random = new Random(5);
        // Sequence classification: 60 sequences of 10 steps, rising or falling.
        StringBuilder steps = new StringBuilder("id,t,x,label\n");
        for (int s = 0; s < 60; s++) {
            boolean up = s % 2 == 0;
            for (int t = 0; t < 10; t++) {
                steps.append("s").append(s).append(',').append(t).append(',')
                        .append(String.format("%.3f", (up ? t : 10 - t) * 0.1 + random.nextGaussian() * 0.05))
                        .append(',').append(up ? "up" : "down").append('\n');
            }
        }
        Files.writeString(root.resolve("steps.csv"), steps);
        train("sequences", """
                task = classification
                data { format = csv, path = "%s" }
                sequence { id-column = id, time-column = t, feature-columns = [x], label-column = label }
                """.formatted(root.resolve("steps.csv")));
        // Forecast: 4 series of 60 steps with a 12-step cycle.
        StringBuilder series = new StringBuilder("series,t,value\n");
        for (int s = 0; s < 4; s++) {
            for (int t = 0; t < 60; t++) {
                series.append("v").append(s).append(',').append(t).append(',')
                        .append(String.format("%.3f", 10 + s + 3 * Math.sin(2 * Math.PI * t / 12))).append('\n');
            }
        }
        Files.writeString(root.resolve("series.csv"), series);
        train("forecast", """
                task = forecast
                data { format = csv, path = "%s" }
                sequence { id-column = series, time-column = t, target-columns = [value], window.lookback = 12,
                           window.horizon = 2, season = 12 }
                """.formatted(root.resolve("series.csv")));
        // Text classification: short reviews, one sentiment word each.
        List<String> good = List.of("good", "great", "fine");
        List<String> bad = List.of("bad", "awful", "poor");
        StringBuilder reviews = new StringBuilder("id,review,sentiment\n");
        for (int i = 0; i < 80; i++) {
            boolean positive = i % 2 == 0;
            reviews.append(i).append(",the product was ").append((positive ? good : bad).get(random.nextInt(3)))
                    .append(',').append(positive ? "pos" : "neg").append('\n');
        }
        Files.writeString(root.resolve("reviews.csv"), reviews);
        train("texts", """
                task = classification
                data { format = csv, path = "%s" }
                text { text-column = review, label-column = sentiment, id-column = id, max-length = 8, min-count = 1 }
                model.embedding-size = 4
                """.formatted(root.resolve("reviews.csv")));
        // Language model: random words.
        Files.writeString(root.resolve("corpus.txt"), words(random, 8_000));
        train("lm", """
                task = language-model
                data { format = text, path = "%s" }
                text { tokenizer = char, lowercase = false, max-length = 40, min-count = 1 }
                split { test = 0.1, validation = 0.1 }
                model.embedding-size = 4
                """.formatted(root.resolve("corpus.txt")));
    }

    private static String words(Random random, int length) {
        List<String> words = List.of("the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog");
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(8) == 0 ? ".\n" : " ");
        }
        return text.toString();
    }

    private static void train(String name, String job) throws Exception {
        Path conf = root.resolve(name + ".conf");
        Files.writeString(conf, "job { name = " + name + ", output = \"" + runs + "\" }\n" + job + """
                model.units = [8]
                training { epochs = 1, batch-size = 16 }
                spark.conf { "spark.ui.enabled" = false }
                """);
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"),
                name);
    }

    private static String model(String name) {
        return runs.resolve(name + "/m/model").toString();
    }

    @AfterAll
    static void noSessionLeft() {
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "every command stops its Spark session");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.execute(args);
    }

    private JsonNode evaluate(String name, String... sets) throws Exception {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model(name), "--master", "local[2]",
                "--run-id", "e" + sets.length, "--set", NO_UI));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        assertEquals(0, run(args.toArray(new String[0])), err.text());
        Path report = runs.resolve(name + "-evaluate/e" + sets.length);
        assertTrue(Files.exists(report.resolve("_SUCCESS")), "a complete evaluation run");
        assertTrue(Files.readString(report.resolve("report.html")).contains("Test metrics"));
        return JSON.readTree(report.resolve("report.json").toFile());
    }

    private List<Row> predict(String name, String input, String format) {
        String output = root.resolve(name + "-predictions").toString();
        assertEquals(0, run("predict", "--model", model(name), "--input", input, "--output", output, "--format",
                format, "--master", "local[2]", "--set", NO_UI), err.text());
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            return spark.read().parquet(output).collectAsList();
        } finally {
            spark.stop();
        }
    }

    /** Exit 2 with one error line naming each of {@code names}, no stack trace. */
    private void failsWith2(List<String> args, String... names) {
        int code = run(args.toArray(new String[0]));
        String e = err.text();
        assertEquals(2, code, args + ": " + e);
        List<String> lines = e.lines().filter(l -> l.startsWith("seqspark:")).toList();
        assertEquals(1, lines.size(), e);
        for (String name : names) {
            assertTrue(lines.get(0).contains(name), args + " names " + name + ": " + e);
        }
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
    }

    private void generateIsNotForThisTask(String name, String kind) {
        failsWith2(List.of("generate", "--model", model(name)), model(name), "is a " + kind + " model",
                "not a language model", "predict");
    }

    @Test
    void sequenceClassifier() throws Exception {
        JsonNode report = evaluate("sequences");
        assertEquals(60, report.at("/data/test_examples").asInt(), "every sequence of data.path");
        double accuracy = report.at("/metrics/test/accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, report.toString());
        assertTrue(out.text().contains("Accuracy: "));
        List<Row> rows = predict("sequences", root.resolve("steps.csv").toString(), "csv");
        assertEquals(60, rows.size(), "one prediction per sequence");
        assertTrue(rows.stream().allMatch(r -> List.of("up", "down").contains(r.<String>getAs("predicted"))));
        generateIsNotForThisTask("sequences", "classification");
    }

    @Test
    void forecaster() throws Exception {
        JsonNode report = evaluate("forecast");
        assertTrue(report.at("/metrics/test/rmse").asDouble() > 0, report.toString());
        assertTrue(report.at("/baselines").has("naive"), report.toString());
        assertTrue(out.text().contains("RMSE: "));
        List<Row> rows = predict("forecast", root.resolve("series.csv").toString(), "csv");
        assertEquals(8, rows.size(), "2 steps for each of 4 series");
        generateIsNotForThisTask("forecast", "forecast");
    }

    @Test
    void textClassifier() throws Exception {
        JsonNode report = evaluate("texts");
        assertEquals(80, report.at("/data/test_examples").asInt(), "every text of data.path");
        assertEquals(List.of("neg", "pos"), JSON.convertValue(report.at("/model/classes"), List.class));
        Path input = root.resolve("new-reviews.csv");
        Files.writeString(input, "id,review\na,the product was great\nb,the product was awful\n");
        List<Row> rows = predict("texts", input.toString(), "csv");
        assertEquals(2, rows.size());
        assertTrue(rows.stream().allMatch(r -> List.of("pos", "neg").contains(r.<String>getAs("predicted"))));
        generateIsNotForThisTask("texts", "classification");
    }

    @Test
    void languageModel() throws Exception {
        JsonNode training = JSON.readTree(runs.resolve("lm/m/report.json").toFile());
        // The saved configuration: the last split.test of the training text, as training scored it.
        JsonNode report = evaluate("lm");
        assertEquals("language-model", report.at("/task").asText());
        JsonNode test = report.at("/metrics/test");
        assertEquals(training.at("/metrics/test/tokens").asLong(), test.get("tokens").asLong());
        assertEquals(training.at("/metrics/test/loss").asDouble(), test.get("loss").asDouble(), 1e-6,
                "the training run's test loss, recomputed from the saved model");
        assertEquals(Math.exp(test.get("loss").asDouble()), test.get("perplexity").asDouble(), 1e-9);
        assertEquals(training.at("/metrics/test/window_loss").asDouble(), test.get("window_loss").asDouble(), 1e-6);
        assertTrue(test.get("loss").asDouble() < report.at("/baselines/uniform/loss").asDouble(),
                "a trained model beats every character equally likely: " + report);
        assertTrue(out.text().contains("Test loss: "), out.text());

        // A whole other text: every character after the first is scored.
        Path other = root.resolve("other.txt");
        String text = words(new Random(8), 2_000);
        Files.writeString(other, text);
        JsonNode whole = evaluate("lm", "data.test-path=" + other);
        assertEquals(text.length() - 1, whole.at("/metrics/test/tokens").asLong());
        assertTrue(whole.at("/metrics/test/loss").asDouble() > 0);
        // Rows of a csv file, each row's text one document: every character after each row's first.
        Path rows = root.resolve("rows.csv");
        Files.writeString(rows, "id,body\n1,the lazy dog\n2,over the fox\n3,x\n");
        JsonNode fromRows = evaluate("lm", "data.format=csv", "text.text-column=body", "data.test-path=" + rows);
        assertEquals(11 + 11 + 0, fromRows.at("/metrics/test/tokens").asLong(), fromRows.toString());
        assertEquals(3, fromRows.at("/data/test_examples").asLong());
        // Training rejects data.test-path: its test text is the end of data.path.
        failsWith2(List.of("train", "--conf", root.resolve("lm.conf").toString(), "--master", "local[2]",
                "--run-id", "t", "--set", "data.test-path=" + other), "data.test-path", "evaluate");

        failsWith2(List.of("predict", "--model", model("lm"), "--input", other.toString(), "--output",
                root.resolve("never").toString()), model("lm"), "is a language model", "generate");
        assertEquals(0, run("generate", "--model", model("lm"), "--prime", "the ", "--length", "30"),
                err.text());
        assertTrue(out.text().startsWith("the "), out.text());
        assertFalse(Files.exists(root.resolve("never")), "nothing written");
        assertEquals(List.of("lm", "lm-evaluate"), Arrays.stream(runs.resolve("lm").getParent().toFile().list())
                .filter(f -> f.startsWith("lm")).sorted().toList());
    }
}
