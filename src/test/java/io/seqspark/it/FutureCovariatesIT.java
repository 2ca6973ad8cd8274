package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.CapturedOutput;
import io.seqspark.SparkTestSupport;
import io.seqspark.UserError;
import io.seqspark.cli.Main;
import io.seqspark.ml.SequenceForecastModel;
import io.seqspark.ml.SequenceForecaster;
import io.seqspark.report.ForecastSection;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

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
                err.text());
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
        String message = errorLine();
        assertTrue(message.startsWith("seqspark: error: --input " + data + ": the model uses sequence.future-columns"
                + " = [promo], so predict needs the 1 forecast step(s) of every series"), message);
        assertTrue(message.contains("has 0 (missing forecast step(s) 1..1)"), message);
        assertTrue(Files.notExists(dir.resolve("out-missing")));
    }

    /**
     * Static and calendar covariates over several series with a two-step horizon: evaluate reproduces the training
     * report through the saved preprocessing, predict reads the two forecast days' dates from the input, and a
     * numbered time column is exit 2.
     */
    @Test
    void staticAndCalendarCovariatesTrainEvaluateAndPredict(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        StringBuilder history = new StringBuilder("store,day,sales,size\n");
        StringBuilder ahead = new StringBuilder();
        StringBuilder numbered = new StringBuilder("store,day,sales,size\n");
        for (int store = 1; store <= 3; store++) {
            for (int t = 0; t < 120; t++) {
                LocalDate day = START.plusDays(t);
                double sales = 10 * store + 3 * Math.sin(2 * Math.PI * day.getDayOfWeek().getValue() / 7)
                        + random.nextGaussian();
                history.append("s").append(store).append(',').append(day).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", sales)).append(',').append(10 * store).append('\n');
                numbered.append("s").append(store).append(',').append(t).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", sales)).append(',').append(10 * store).append('\n');
            }
            for (int k = 0; k < 2; k++) {
                ahead.append("s").append(store).append(',').append(START.plusDays(120 + k)).append(",,")
                        .append(10 * store).append('\n');
            }
        }
        Path data = dir.resolve("stores.csv");
        Files.writeString(data, history);
        Path conf = dir.resolve("stores.conf");
        Files.writeString(conf, """
                job { name = stores, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence {
                  id-column = store, time-column = day, target-columns = [sales], static-columns = [size]
                  calendar = [day-of-week, month]
                  window { lookback = 7, horizon = 2 }
                }
                model.units = [4]
                training { epochs = 2, batch-size = 16 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data));
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"),
                err.text());
        JsonNode trained = RunReports.completeForecastRun(dir.resolve("runs/stores/m"));
        assertEquals("[\"day-of-week\",\"month\"]", trained.get("forecast").get("calendar").toString());
        String model = dir.resolve("runs/stores/m/model").toString();
        // 1 target + 1 static + 2 x 2 calendar values per step, then 2 forecast steps x 4 calendar values
        assertEquals(1 + 1 + 4 + 2 * 4, io.seqspark.models.ModelBundle.load(model).network().layerInputSize(0));

        assertEquals(0, Main.execute("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e"),
                err.text());
        JsonNode evaluated = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("runs/stores-evaluate/e/report.json").toFile());
        double rmse = rmse(trained);
        assertEquals(rmse, rmse(evaluated), 1e-6 * rmse);

        Path input = dir.resolve("stores-ahead.csv");
        Files.writeString(input, history.toString() + ahead);
        Path output = dir.resolve("out");
        assertEquals(0, Main.execute("predict", "--model", model, "--input", input.toString(), "--output",
                output.toString(), "--master", "local[2]"), err.text());
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).orderBy("store", "step").collectAsList();
            assertEquals(6, rows.size(), rows.toString());
            for (Row r : rows) {
                assertTrue(r.isNullAt(r.fieldIndex("reason")) && !r.isNullAt(r.fieldIndex("sales_forecast")),
                        r.toString());
            }
        } finally {
            spark.stop();
        }
        err.reset();
        assertEquals(2, Main.execute("predict", "--model", model, "--input", data.toString(), "--output",
                dir.resolve("out-missing").toString(), "--master", "local[2]"));
        assertTrue(err.text().contains("the model uses sequence.calendar = [day-of-week, "
                + "month], so predict needs the 2 forecast step(s) of every series"), err.text());

        Path steps = dir.resolve("numbered.csv");
        Files.writeString(steps, numbered);
        err.reset();
        assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "n",
                "--set", "data.path=" + steps));
        String message = errorLine();
        assertEquals("seqspark: error: sequence.calendar: column 'day' in " + steps + " holds int; calendar features "
                + "need dates or timestamps (such as 2024-01-31 or 2024-01-31 12:00:00); unset sequence.calendar for "
                + "numbered steps", message);
    }

    /**
     * The same promotion series as a DataFrame (day as a date) through the Spark ML estimator, with the covariate,
     * calendar and quantile params: the fitted model's summary records them, transform reads the flag of the day to
     * forecast from the DataFrame's row after the last sales value, writes one column per quantile (in the order
     * transformSchema gives, never crossing), and fails naming the column when that row is missing.
     */
    @Test
    void theSparkMlForecasterTakesFutureCalendarAndQuantileParams() {
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            SequenceForecastModel model = new SequenceForecaster().setTimeCol("day").setTargetCols("sales")
                    .setFutureCols("promo").setCalendar("day-of-week").setQuantiles(0.1, 0.5, 0.9)
                    .setLookback(14).setSeason(7).setUnits(16).setEpochs(12).setBatchSize(16).setLearningRate(0.01)
                    .setSeed(7).setWorkers(2).fit(frame(spark));
            ForecastSection forecast = model.summary().forecast();
            assertEquals(List.of("promo"), forecast.futureColumns());
            assertEquals(List.of("day-of-week"), forecast.calendar());
            assertEquals(List.of(0.1, 0.5, 0.9), forecast.quantiles());

            Dataset<Row> promoted = model.transform(frame(spark, 1));
            List<String> columns = List.of("series", "step", "sales_forecast", "sales_q0.1", "sales_q0.5",
                    "sales_q0.9", "reason");
            assertEquals(columns, Arrays.asList(promoted.columns()));
            assertEquals(columns, Arrays.asList(model.transformSchema(frame(spark).schema()).fieldNames()));
            Row p = promoted.first();
            Row q = model.transform(frame(spark, 0)).first();
            assertTrue(p.getDouble(3) <= p.getDouble(4) && p.getDouble(4) <= p.getDouble(5), p.toString());
            assertTrue(p.getDouble(2) - q.getDouble(2) > JUMP / 2, "forecast with promotion " + p + ", without " + q);

            UserError missing = assertThrows(UserError.class, () -> model.transform(frame(spark)).collectAsList());
            assertTrue(missing.getMessage().contains("the DataFrame given to SequenceForecastModel.transform: the "
                    + "model uses sequence.future-columns = [promo]"), missing.getMessage());
        } finally {
            spark.stop();
        }
    }

    /** The rows {@link #csv} writes, as a DataFrame with day as a date and null sales on the future rows. */
    private static Dataset<Row> frame(SparkSession spark, int... future) {
        Random random = new Random(20);
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < DAYS; t++) {
            int promo = random.nextDouble() < 0.15 ? 1 : 0;
            double sales = 50 + 5 * Math.sin(2 * Math.PI * t / 7) + random.nextGaussian() + JUMP * promo;
            rows.add(RowFactory.create(java.sql.Date.valueOf(START.plusDays(t)), sales, promo));
        }
        for (int k = 0; k < future.length; k++) {
            rows.add(RowFactory.create(java.sql.Date.valueOf(START.plusDays(DAYS + k)), null, future[k]));
        }
        StructType schema = new StructType().add("day", DataTypes.DateType).add("sales", DataTypes.DoubleType)
                .add("promo", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema);
    }

    /** The one error line (Spark's log lines aside), and no stack trace. */
    private String errorLine() {
        String all = err.text();
        List<String> errors = all.lines().filter(l -> l.startsWith("seqspark: error: ")).toList();
        assertEquals(1, errors.size(), all);
        assertTrue(all.lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), all);
        return errors.get(0);
    }

    private double predictOne(Path dir, String model, Path input, String out) throws Exception {
        Path output = dir.resolve(out);
        assertEquals(0, Main.execute("predict", "--model", model, "--input", input.toString(), "--output",
                output.toString(), "--master", "local[2]"), err.text());
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
