package io.seqspark.it;

import io.seqspark.CapturedOutput;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Non-finite numbers (NaN, infinities, as text or as doubles) in numeric input columns follow sequence.missing
 * or fail with exit 2 naming the file, the column and the value; a training loss that diverges stops the run with
 * exit 1 and one line, and nothing is committed.
 */
class NonFiniteIT {
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    /** Step rows of 24 labelled sequences (id, t, x1, x2, label), with {@code bad} as x1 of sequence 5, step 2. */
    private static Path classificationCsv(Path dir, String bad) throws IOException {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("id,t,x1,x2,label\n");
        for (int s = 0; s < 24; s++) {
            for (int t = 0; t < 6; t++) {
                double x1 = (s % 2) * 2 + random.nextDouble();
                csv.append(s).append(',').append(t).append(',')
                        .append(s == 5 && t == 2 && bad != null ? bad : String.format(Locale.ROOT, "%.3f", x1))
                        .append(',').append(String.format(Locale.ROOT, "%.3f", random.nextDouble()))
                        .append(',').append(s % 2 == 0 ? "low" : "high").append('\n');
            }
        }
        Path data = dir.resolve("steps.csv");
        Files.writeString(data, csv);
        return data;
    }

    private static Path classificationConf(Path dir, Path data, String format, String... extra) throws IOException {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = nf, output = "%s" }
                task = classification
                data { format = %s, path = "%s" }
                sequence { id-column = id, time-column = t, feature-columns = [x1, x2], label-column = label }
                model.units = [4]
                training.epochs = 1
                spark.conf { "spark.ui.enabled" = false }
                %s
                """.formatted(dir.resolve("runs"), format, data, String.join("\n", extra)));
        return conf;
    }

    private void assertOneErrorNaming(Path data, String... parts) throws IOException {
        String message = err.text();
        assertTrue(message.contains("seqspark: error: "), message);
        assertTrue(message.contains(data.toString()), "names the file: " + message);
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' in: " + message);
        }
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
    }

    private static void assertNoRun(Path dir) throws IOException {
        Path job = dir.resolve("runs/nf");
        if (Files.exists(job)) {
            try (Stream<Path> entries = Files.list(job)) {
                List<String> visible = entries.map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".")).toList();
                assertTrue(visible.isEmpty(), "nothing committed: " + visible);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Infinity", "-Infinity", "inf", "NaN"})
    void nonFiniteFeatureExitsWith2NamingFileColumnAndValue(String value, @TempDir Path dir) throws Exception {
        Path data = classificationCsv(dir, value);
        Path conf = classificationConf(dir, data, "csv");
        assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]"), value);
        assertOneErrorNaming(data, "column 'x1'", "x1 = " + value, "\"id\":5", "sequence.missing");
        assertNoRun(dir);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"drop", "ffill"})
    void nonFiniteFeaturesFollowTheMissingPolicy(String policy, @TempDir Path dir) throws Exception {
        // Every kind at once, in sequences of both classes.
        Path data = classificationCsv(dir, null);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(data));
        String[] kinds = {"Infinity", "-Infinity", "inf", "NaN"};
        for (int k = 0; k < kinds.length; k++) {
            int line = 1 + 6 * (3 + k) + 3; // sequence 3 + k, step 3
            String[] cells = lines.get(line).split(",");
            cells[2] = kinds[k];
            lines.set(line, String.join(",", cells));
        }
        Files.write(data, lines);
        Path conf = classificationConf(dir, data, "csv", "sequence.missing = " + policy);
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "r"),
                err.text());
        assertTrue(Files.exists(dir.resolve("runs/nf/r/_SUCCESS")));
        String report = Files.readString(dir.resolve("runs/nf/r/report.json"));
        assertFalse(report.contains("NaN") || report.contains("Infinity"), "finite losses and metrics: " + report);
    }

    @Test
    void nonFiniteForecastTargetInJsonExitsWith2(@TempDir Path dir) throws Exception {
        // JSON (like Parquet) carries NaN and infinities as doubles, not as text.
        StringBuilder json = new StringBuilder();
        for (int t = 0; t < 40; t++) {
            json.append("{\"t\":").append(t).append(",\"y\":").append(t == 17 ? "-Infinity" : String.valueOf(t % 7))
                    .append("}\n");
        }
        Path data = dir.resolve("series.json");
        Files.writeString(data, json);
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = nf, output = "%s" }
                task = forecast
                data { format = json, path = "%s" }
                sequence { time-column = t, target-columns = [y], window.lookback = 3 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data));
        assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]"));
        assertOneErrorNaming(data, "column 'y'", "y = -Infinity", "\"t\":17");
        assertNoRun(dir);
    }

    @Test
    void nonFiniteNumericLabelExitsWith2(@TempDir Path dir) throws Exception {
        Path data = classificationCsv(dir, null);
        // Numeric classes 0 and 1, one sequence labelled NaN.
        String csv = Files.readString(data).replace(",low\n", ",0\n").replace(",high\n", ",1\n")
                .replaceAll("(?m)^(7,\\d+,[^,]+,[^,]+),1$", "$1,NaN");
        Files.writeString(data, csv);
        Path conf = classificationConf(dir, data, "csv");
        assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]"));
        assertOneErrorNaming(data, "column 'label'", "label = NaN", "\"id\":7");
        assertNoRun(dir);
    }

    /**
     * Plain SGD at learning rate 10 on unscaled values in the hundreds: the loss grows by orders of magnitude
     * every few steps and is NaN within the first epochs (checked: NaN in epoch 2 with the spark engine).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spark", "single-process"})
    void divergingLossStopsWithOneLineAndExit1(String engine, @TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("t,y,x\n");
        Random random = new Random(9);
        for (int t = 0; t < 60; t++) {
            csv.append(t).append(',').append(String.format(Locale.ROOT, "%.3f,%.3f",
                    100 + 50 * Math.sin(t / 3.0) + 5 * random.nextDouble(), 10 * random.nextDouble())).append('\n');
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv);
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = nf, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence { time-column = t, target-columns = [y], feature-columns = [x], window.lookback = 6,
                           scaling = none }
                model.units = [4]
                training { epochs = 6, batch-size = 2, updater = sgd, learning-rate = 10, engine = %s }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data, engine));
        assertEquals(1, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "r"));
        String message = err.text();
        List<String> ours = message.lines().filter(l -> l.startsWith("seqspark:")).toList();
        assertEquals(1, ours.size(), message);
        assertTrue(ours.get(0).matches("seqspark: failed: training diverged in epoch [1-6]: the (training|validation) "
                + "loss is (NaN|-?Infinity), .*training\\.learning-rate.*"), ours.get(0));
        assertFalse(message.contains("Exception") || message.contains("\tat ") || message.contains("--verbose"),
                "no stack trace: " + message);
        assertFalse(Files.exists(dir.resolve("runs/nf/r")), "nothing committed");
        assertNoRun(dir);
    }
}
