package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.SparkTestSupport;
import io.seqspark.cli.Main;
import io.seqspark.models.ModelBundle;
import io.seqspark.vectorize.ForecastBatches;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.SeriesScalers;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sequence.transform and training.ensemble end to end: what train fits is saved with the model and applied by
 * evaluate and predict; targets a log cannot take exit 2 in train and predict.
 */
class ForecastTransformIT {
    private static final int LENGTH = 120;
    private static final int LOOKBACK = 8;
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    /** A growing seasonal series y = 100 * 1.02^t * (1 + 0.1 sin(2 pi t / 4)), with {@code bad} at step badStep. */
    private static float[][] series(int length) {
        float[][] steps = new float[length][];
        for (int t = 0; t < length; t++) {
            steps[t] = new float[]{(float) (100 * Math.pow(1.02, t) * (1 + 0.1 * Math.sin(Math.PI * t / 2)))};
        }
        return steps;
    }

    private static Path csv(Path dir, String name, float[][] steps, int badStep, String bad) throws IOException {
        StringBuilder csv = new StringBuilder("t,y\n");
        for (int t = 0; t < steps.length; t++) {
            csv.append(t).append(',').append(t == badStep ? bad : String.format(Locale.ROOT, "%.4f", steps[t][0]))
                    .append('\n');
        }
        Path data = dir.resolve(name);
        Files.writeString(data, csv);
        return data;
    }

    private static Path conf(Path dir, Path data) throws IOException {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = tr, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence {
                  time-column = t, target-columns = [y], season = 4, transform = log, seasonal-difference = true
                  window { lookback = %d, origin = last }
                }
                model.units = [4]
                training { epochs = 3, ensemble = 2, batch-size = 16 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data, LOOKBACK));
        return conf;
    }

    @Test
    void logTransformAndEnsembleAreSavedAndAppliedByEvaluateAndPredict(@TempDir Path dir) throws Exception {
        float[][] steps = series(LENGTH);
        Path conf = conf(dir, csv(dir, "series.csv", steps, -1, null));
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"));
        JsonNode trained = RunReports.completeForecastRun(dir.resolve("runs/tr/m"));
        assertEquals("log", trained.get("forecast").get("transform").asText());
        assertEquals(2, trained.get("forecast").get("ensemble").asInt());
        JsonNode members = trained.get("metrics").get("ensemble_members");
        assertEquals(2, members.size(), trained.get("metrics").toString());
        assertTrue(Files.isRegularFile(dir.resolve("runs/tr/m/model/member-2.zip")));
        String model = dir.resolve("runs/tr/m/model").toString();

        // evaluate: the saved transform, differencing and both members reproduce the training report's figures.
        assertEquals(0, Main.execute("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e"));
        JsonNode evaluated = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("runs/tr-evaluate/e/report.json").toFile());
        double rmse = trained.get("metrics").get("test").get("rmse").asDouble();
        assertEquals(rmse, evaluated.get("metrics").get("test").get("rmse").asDouble(), 1e-6 * rmse);
        assertEquals(members.get(1).get("rmse").asDouble(),
                evaluated.get("metrics").get("ensemble_members").get(1).get("rmse").asDouble(), 1e-6 * rmse);

        // predict: the mean of both members through the saved transform, not the raw network outputs.
        Path output = dir.resolve("forecasts");
        assertEquals(0, Main.execute("predict", "--model", model, "--input", dir.resolve("series.csv").toString(),
                "--output", output.toString(), "--master", "local[2]"));
        ModelBundle bundle = ModelBundle.load(model);
        Preprocessing.Forecasting prep = bundle.preprocessing(Preprocessing.Forecasting.class);
        assertEquals("log", prep.seriesScalers().transform().kind());
        assertEquals(4, prep.seriesScalers().transform().difference());
        ForecastWindow w = new ForecastWindow("series", "predict", LENGTH,
                Arrays.copyOfRange(steps, LENGTH - LOOKBACK, LENGTH), null);
        float[][] expected = ForecastBatches.mean(ForecastBatches.forecasts(bundle.members(), List.of(w),
                prep.seriesScalers(), prep.forecast()), 0);
        SeriesScalers untransformed = new SeriesScalers(prep.seriesScalers().global(),
                prep.seriesScalers().perSeries());
        float[][] raw = ForecastBatches.mean(ForecastBatches.forecasts(bundle.members(), List.of(w), untransformed,
                prep.forecast()), 0);
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(1, rows.size());
            double got = rows.get(0).getDouble(2);
            assertEquals(expected[0][0], got, 1e-3 * Math.abs(expected[0][0]));
            assertTrue(Math.abs(raw[0][0] - got) > 1, "without the log the forecast is " + raw[0][0] + ", got " + got);
        } finally {
            spark.stop();
        }

        // predict input a log cannot take: exit 2, one line naming the file, column, value and row
        Path bad = csv(dir, "bad.csv", steps, LENGTH - 3, "-2.5");
        assertEquals(2, Main.execute("predict", "--model", model, "--input", bad.toString(), "--output",
                dir.resolve("bad-out").toString(), "--master", "local[2]"));
        assertOneErrorNaming(bad, "column 'y'", "y = -2.5", "\"t\":" + (LENGTH - 3), "sequence.transform = log");
    }

    @Test
    void nonPositiveTargetUnderLogOrBoxCoxExitsWith2(@TempDir Path dir) throws Exception {
        float[][] steps = series(LENGTH);
        Path data = csv(dir, "series.csv", steps, 17, "0");
        Path conf = conf(dir, data);
        for (String kind : List.of("log", "box-cox")) {
            err.reset();
            assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]",
                    "--set", "sequence.transform=" + kind));
            assertOneErrorNaming(data, "column 'y'", "y = 0", "\"t\":17", "sequence.transform = " + kind);
            if (Files.exists(dir.resolve("runs/tr"))) {
                try (var entries = Files.list(dir.resolve("runs/tr"))) {
                    assertFalse(entries.anyMatch(p -> !p.getFileName().toString().startsWith(".")), "no run committed");
                }
            }
        }
    }

    private void assertOneErrorNaming(Path data, String... parts) {
        String message = err.text();
        assertTrue(message.contains("seqspark: error: "), message);
        assertTrue(message.contains(data.toString()), "names the file: " + message);
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' in: " + message);
        }
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
    }
}
