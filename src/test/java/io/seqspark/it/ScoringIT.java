package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.SparkTestSupport;
import io.seqspark.cli.Main;
import io.seqspark.config.GeneratorName;
import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.sources.ControlChartGenerator;
import io.seqspark.sources.SeasonalSeriesGenerator;
import io.seqspark.vectorize.ForecastBatches;
import io.seqspark.vectorize.ForecastWindow;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch scoring and evaluation with a saved model: predictions written as Parquet by the executors match the model applied
 * in this JVM with the saved preprocessing; an existing output is never overwritten.
 */
class ScoringIT {

    private static int train(Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--run-id", "m",
                "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false"));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        return Main.execute(args.toArray(new String[0]));
    }

    @Test
    void classifierScoresNewRowsLikeTheSavedModel(@TempDir Path dir) throws Exception {
        assertEquals(0, train(dir, "training.epochs=10", "model.units=[16]", "data.generator.sequences=600"));
        // New data: 60 sequences of another seed, as a CSV of step rows (with labels, to compare).
        JobConfig.Generator g = new JobConfig.Generator(GeneratorName.CONTROL_CHART, 60, 40, 60, 2024);
        StringBuilder csv = new StringBuilder("series_id,t,x1,x2,label\n");
        Map<String, List<Row>> bySeries = new java.util.TreeMap<>();
        for (long id = 0; id < 60; id++) {
            List<Row> rows = ControlChartGenerator.series(id, g);
            bySeries.put(String.valueOf(id), rows);
            for (Row r : rows) {
                csv.append(r.getLong(0)).append(',').append(r.getInt(1)).append(',').append(r.getDouble(2))
                        .append(',').append(r.getDouble(3)).append(',').append(r.getString(4)).append('\n');
            }
        }
        Path input = dir.resolve("new.csv");
        Files.writeString(input, csv);
        String model = dir.resolve("quickstart/m/model").toString();
        Path output = dir.resolve("predictions");
        assertEquals(0, Main.execute("predict", "--model", model, "--input", input.toString(), "--output",
                output.toString(), "--format", "csv", "--master", "local[2]"));

        ModelBundle bundle = ModelBundle.load(model);
        Preprocessing.SequenceClassification prep = bundle.preprocessing(Preprocessing.SequenceClassification.class);
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> predictions = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(60, predictions.size());
            assertEquals(List.of("series_id", "actual", "predicted", "probability", "probabilities"),
                    Arrays.asList(predictions.get(0).schema().fieldNames()));
            int correct = 0;
            for (Row p : predictions) {
                List<Row> steps = bySeries.get(p.getString(0));
                float[][] x = new float[steps.size()][];
                for (int t = 0; t < x.length; t++) {
                    x[t] = new float[]{(float) steps.get(t).getDouble(2), (float) steps.get(t).getDouble(3)};
                }
                DataSet one = MinibatchBuilder.toDataSet(List.of(new LabeledSequence(p.getString(0), null, x)),
                        prep.labels(), prep.scaler());
                INDArray expected = bundle.network().output(one.getFeatures(), false);
                double[] probabilities = p.getList(4).stream().mapToDouble(v -> (Double) v).toArray();
                assertArrayEquals(expected.toDoubleVector(), probabilities, 1e-5, "series " + p.getString(0));
                assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-5);
                correct += p.getString(2).equals(p.getString(1)) ? 1 : 0;
            }
            assertTrue(correct >= 40, correct + " of 60 new sequences classified correctly");
        } finally {
            spark.stop();
        }
        // evaluate: the same model on new labelled data (the generator with another seed), written as a run.
        assertEquals(0, Main.execute("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e1",
                "--set", "data.generator.seed=2024", "--set", "job.output=" + dir.resolve("eval")));
        Path evaluation = dir.resolve("eval/quickstart-evaluate/e1");
        assertTrue(Files.exists(evaluation.resolve("_SUCCESS")));
        JsonNode report = new ObjectMapper().readTree(evaluation.resolve("report.json").toFile());
        assertEquals(600, report.get("data").get("test_examples").asInt(), "every sequence of the new data");
        assertEquals(model, report.get("evaluated_model").asText());
        assertTrue(report.get("metrics").get("test").get("accuracy").asDouble() > 0.6, report.toString());
        assertTrue(Files.readString(evaluation.resolve("report.html")).contains("Confusion matrix"));

        // Never over an existing output: exit 2, untouched.
        long before = Files.getLastModifiedTime(output).toMillis();
        assertEquals(2, Main.execute("predict", "--model", model, "--input", input.toString(), "--output",
                output.toString(), "--format", "csv", "--master", "local[2]"));
        assertEquals(before, Files.getLastModifiedTime(output).toMillis());
    }

    @Test
    void forecasterPredictsTheNextStepsOfEverySeries(@TempDir Path dir) throws Exception {
        // The generated multi-series example, small and quick.
        assertEquals(0, Main.execute("train", "--conf", "conf/seasonal-series.conf", "--master", "local[2]",
                "--run-id", "m", "--set", "job.output=" + dir, "--set", "job.name=f",
                "--set", "spark.conf.\"spark.ui.enabled\"=false", "--set", "data.generator.sequences=100",
                "--set", "data.generator.min-length=48", "--set", "data.generator.max-length=48",
                "--set", "sequence.window.lookback=12", "--set", "model.units=[8]", "--set", "training.epochs=2"));
        JobConfig.Generator g = new JobConfig.Generator(GeneratorName.SEASONAL_SERIES, 5, 30, 30, 11);
        StringBuilder csv = new StringBuilder("series_id,t,value\n");
        Map<String, float[][]> series = new java.util.TreeMap<>();
        for (long id = 0; id < 5; id++) {
            List<Row> rows = SeasonalSeriesGenerator.series(id, g);
            float[][] steps = new float[rows.size()][];
            for (int t = 0; t < steps.length; t++) {
                Row r = rows.get(t);
                csv.append(r.getString(0)).append(',').append(r.getInt(1)).append(',').append(r.getDouble(2))
                        .append('\n');
                steps[t] = new float[]{(float) r.getDouble(2)};
            }
            series.put(rows.get(0).getString(0), steps);
        }
        Path input = dir.resolve("series.csv");
        Files.writeString(input, csv);
        String model = dir.resolve("f/m/model").toString();
        Path output = dir.resolve("forecasts");
        assertEquals(0, Main.execute("predict", "--model", model, "--input", input.toString(), "--output",
                output.toString(), "--format", "csv", "--master", "local[2]"));

        // evaluate with the saved configuration: the same data, split and network reproduce the training report.
        assertEquals(0, Main.execute("evaluate", "--model", model, "--master", "local[2]", "--run-id", "e1"));
        JsonNode trained = new ObjectMapper().readTree(dir.resolve("f/m/report.json").toFile());
        JsonNode evaluated = new ObjectMapper().readTree(dir.resolve("f-evaluate/e1/report.json").toFile());
        for (String metric : List.of("rmse", "mae", "smape", "mase")) {
            double expected = trained.get("metrics").get("test").get(metric).asDouble();
            assertEquals(expected, evaluated.get("metrics").get("test").get(metric).asDouble(), 1e-6 * expected, metric);
        }
        assertEquals(trained.get("baselines").get("naive").get("rmse").asDouble(),
                evaluated.get("baselines").get("naive").get("rmse").asDouble(), 1e-9);
        // The exponential-smoothing baseline: fitted per series on its training period, scored on every test
        // value, and refitted by evaluate to the same figures.
        JsonNode ets = trained.get("baselines").get("ets");
        assertEquals(trained.get("metrics").get("test").get("values").asLong(), ets.get("values").asLong(), ets.toString());
        for (String metric : List.of("rmse", "mae", "smape", "mase")) {
            assertTrue(ets.get(metric).isNumber() && Double.isFinite(ets.get(metric).asDouble()), metric + " " + ets);
        }
        long fits = 0;
        for (JsonNode count : ets.get("models")) {
            fits += count.asLong();
        }
        assertEquals(100, fits, "one fit per series: " + ets);
        assertTrue(ets.get("description").asText().startsWith("exponential smoothing"), ets.toString());
        // Seasonal series: a fitted seasonal model must do better than repeating the last value.
        assertTrue(ets.get("rmse").asDouble() < trained.get("baselines").get("naive").get("rmse").asDouble(),
                ets + " vs naive " + trained.get("baselines").get("naive"));
        assertEquals(ets.get("rmse").asDouble(), evaluated.get("baselines").get("ets").get("rmse").asDouble(), 1e-9);
        assertTrue(Files.readString(dir.resolve("f/m/report.html")).contains("exponential smoothing"));

        ModelBundle bundle = ModelBundle.load(model);
        Preprocessing.Forecasting prep = bundle.preprocessing(Preprocessing.Forecasting.class);
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).orderBy("series_id", "step").collectAsList();
            assertEquals(5 * 3, rows.size(), "horizon 3 for each of 5 series");
            assertEquals(List.of("series_id", "step", "value_forecast", "reason"),
                    Arrays.asList(rows.get(0).schema().fieldNames()));
            assertTrue(rows.stream().allMatch(r -> r.isNullAt(3)), "every series forecast, no reason given");
            Map<String, List<Row>> byId = rows.stream().collect(Collectors.groupingBy(r -> r.getString(0)));
            for (Map.Entry<String, float[][]> s : series.entrySet()) {
                float[][] steps = s.getValue();
                ForecastWindow w = new ForecastWindow(s.getKey(), "predict", steps.length,
                        Arrays.copyOfRange(steps, steps.length - 12, steps.length), null);
                INDArray out = bundle.network().output(ForecastBatches.toDataSet(List.of(w), prep.seriesScalers(),
                        prep.forecast()).getFeatures(), false);
                float[][] expected = ForecastBatches.invert(out.getRow(0).toFloatVector(), w, prep.seriesScalers(),
                        prep.forecast());
                List<Row> got = byId.get(s.getKey());
                for (int k = 0; k < 3; k++) {
                    assertEquals(k + 1, got.get(k).getInt(1));
                    assertEquals(expected[k][0], got.get(k).getDouble(2), 1e-3 * Math.abs(expected[k][0]) + 1e-6);
                }
            }
        } finally {
            spark.stop();
        }
    }
}
