package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.SparkTestSupport;
import io.seqspark.cli.Main;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sequence.future-columns end to end (issue 20, acceptance 4): a daily series whose level jumps on the days of a
 * promotion known in advance. Given the flag as a known-future column the forecaster sees the forecast day's
 * promotion and beats the same model without it by a wide margin; predict reads the flag of the day to forecast from
 * the input's rows after the last sales value, and exits 2 when they are missing.
 */
class FutureCovariatesIT {
    private static final int DAYS = 420;
    private static final double JUMP = 30;
    private static final LocalDate START = LocalDate.of(2023, 1, 1);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
    }

    /**
     * sales = 50 + 5 sin(2 pi t / 7) + N(0, 1) noise, + 30 on promotion days (about 15%, at random); seeded. Then
     * {@code future} rows with empty sales and the given promotion flags.
     */
    private static Path csv(Path dir, String name, int days, int... future) throws IOException {
        Random random = new Random(20);
        StringBuilder csv = new StringBuilder("day,sales,promo\n");
        for (int t = 0; t < days; t++) {
            int promo = random.nextDouble() < 0.15 ? 1 : 0;
            double sales = 50 + 5 * Math.sin(2 * Math.PI * t / 7) + random.nextGaussian() + JUMP * promo;
            csv.append(START.plusDays(t)).append(',').append(String.format(Locale.ROOT, "%.3f", sales)).append(',')
                    .append(promo).append('\n');
        }
        for (int k = 0; k < future.length; k++) {
            csv.append(START.plusDays(days + k)).append(",,").append(future[k]).append('\n');
        }
        Path data = dir.resolve(name);
        Files.writeString(data, csv);
        return data;
    }

    private JsonNode train(Path dir, Path data, String runId, String future) throws Exception {
        Path conf = dir.resolve(runId + ".conf");
        Files.writeString(conf, """
                job { name = promo, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence {
                  time-column = day, target-columns = [sales], future-columns = %s
                  window { lookback = 14, horizon = 1 }
                  season = 7
                }
                split { test = 0.2, validation = 0.1 }
                model.units = [16]
                training { epochs = 12, batch-size = 16, learning-rate = 0.01, seed = 7 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data, future));
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", runId),
                err.toString(StandardCharsets.UTF_8));
        return RunReports.completeForecastRun(dir.resolve("runs/promo/" + runId));
    }

    private static double rmse(JsonNode report) {
        return report.get("metrics").get("test").get("rmse").asDouble();
    }

    @Test
    void aKnownFuturePromotionFlagBeatsTheSameModelWithoutIt(@TempDir Path dir) throws Exception {
        Path data = csv(dir, "sales.csv", DAYS);
        JsonNode with = train(dir, data, "with", "[promo]");
        JsonNode without = train(dir, data, "without", "[]");
        assertEquals(List.of("promo"), List.of(with.get("forecast").get("future_columns").get(0).asText()));
        assertEquals(with.get("data").get("test_examples"), without.get("data").get("test_examples"));
        // Without the flag a promotion day is a surprise of 30 (RMSE about 30 * sqrt(0.15 * 0.85) = 10.7 from
        // those days alone); with it only the noise of 1 and the model's own error remain.
        assertTrue(rmse(with) < 0.6 * rmse(without), "test RMSE with the flag " + rmse(with) + ", without "
                + rmse(without));

        // predict: the flag of the day to forecast comes from the row after the last sales value.
        String model = dir.resolve("runs/promo/with/model").toString();
        double promoted = predictOne(dir, model, csv(dir, "ahead-promo.csv", DAYS, 1), "out-promo");
        double plain = predictOne(dir, model, csv(dir, "ahead-plain.csv", DAYS, 0), "out-plain");
        assertTrue(promoted - plain > JUMP / 2, "forecast with promotion " + promoted + ", without " + plain);

        // No row for the day to forecast: exit 2, one line naming the column and the missing step.
        err.reset();
        assertEquals(2, Main.execute("predict", "--model", model, "--input", data.toString(), "--output",
                dir.resolve("out-missing").toString(), "--master", "local[2]"));
        String message = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(message.startsWith("seqspark: error: --input " + data + ": the model uses sequence.future-columns"
                + " = [promo], so predict needs the 1 forecast step(s) of every series"), message);
        assertTrue(message.contains("has 0 (missing forecast step(s) 1..1)"), message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(Files.notExists(dir.resolve("out-missing")));
    }

    private double predictOne(Path dir, String model, Path input, String out) throws Exception {
        Path output = dir.resolve(out);
        assertEquals(0, Main.execute("predict", "--model", model, "--input", input.toString(), "--output",
                output.toString(), "--master", "local[2]"), err.toString(StandardCharsets.UTF_8));
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = new ArrayList<>(spark.read().parquet(output.toString()).collectAsList());
            assertEquals(1, rows.size(), rows.toString());
            assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex("reason")), rows.toString());
            return rows.get(0).getDouble(rows.get(0).fieldIndex("sales_forecast"));
        } finally {
            spark.stop();
        }
    }
}
