package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * backtest.origins end to end in local[2]: series of different lengths (one too short for the backtest), a tiny
 * GRU, and the report's backtest section checked against the data: origins at the time indices the lengths give,
 * a full origins x horizon grid for the model and every baseline, and the naive baseline's errors recomputed here.
 */
class BacktestIT {
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    private static final int ORIGINS = 4;
    private static final int STEP = 3;
    private static final int HORIZON = 3;
    /**
     * Lengths of the series; the last is shorter than the 12 + 3 * 3 + 3 = 24 steps the backtest needs. In this
     * order on every run (not from Map.of, whose order is salted per JVM): the series' levels and noise follow it.
     */
    private static final Map<String, Integer> LENGTHS = new LinkedHashMap<>();

    static {
        LENGTHS.put("a", 60);
        LENGTHS.put("b", 72);
        LENGTHS.put("c", 90);
        LENGTHS.put("d", 22);
    }

    /** Seasonal series with noise, values rounded to 3 decimals so the test reads what the job reads. */
    private static Map<String, float[]> series() {
        Random r = new Random(7);
        Map<String, float[]> out = new LinkedHashMap<>();
        int s = 0;
        for (Map.Entry<String, Integer> e : LENGTHS.entrySet()) {
            float[] y = new float[e.getValue()];
            for (int t = 0; t < y.length; t++) {
                double v = 20 + 10 * s + 0.1 * t + 3 * Math.sin(2 * Math.PI * t / 6) + r.nextGaussian();
                y[t] = Float.parseFloat(String.format(Locale.ROOT, "%.3f", v));
            }
            out.put(e.getKey(), y);
            s++;
        }
        return out;
    }

    /** The series as id,t,y rows. */
    private static Path csv(Path dir, Map<String, float[]> series) throws Exception {
        StringBuilder csv = new StringBuilder("id,t,y\n");
        series.forEach((id, y) -> {
            for (int t = 0; t < y.length; t++) {
                csv.append(id).append(',').append(t).append(',').append(y[t]).append('\n');
            }
        });
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv);
        return data;
    }

    /** A forecast job on {@code data} with the given sections, its runs under dir/runs/bt. */
    private static Path conf(Path dir, Path data, String sections) throws Exception {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = bt, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                split { test = 0.2, validation = 0.1 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data) + sections);
        return conf;
    }

    @Test
    void reportsEveryOriginAndStepForModelAndBaselines(@TempDir Path dir) throws Exception {
        Map<String, float[]> series = series();
        Path data = csv(dir, series);
        Path conf = conf(dir, data, """
                sequence {
                  id-column = id, time-column = t, target-columns = [y], season = 6
                  window { lookback = 12, horizon = %d }
                }
                model { cell = gru, units = [8] }
                training { epochs = 2, batch-size = 16 }
                backtest { origins = %d, step = %d }
                """.formatted(HORIZON, ORIGINS, STEP));
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "r"));
        Path run = dir.resolve("runs/bt/r");
        assertTrue(Files.isRegularFile(run.resolve("_SUCCESS")), "a complete run");
        JsonNode report = new ObjectMapper().readTree(run.resolve("report.json").toFile());
        JsonNode b = report.get("backtest");
        assertEquals(ORIGINS, b.get("origins").asInt());
        assertEquals(3, b.get("series").asInt());
        assertEquals(1, b.get("series_skipped").get("count").asInt());
        assertEquals("d", b.get("series_skipped").get("examples").get(0).asText());
        assertEquals(3 * ORIGINS, b.get("forecasts").asInt());
        // Every origin lies in the test period (the last 20%) of every series.
        assertEquals(0, b.get("forecasts_before_test_period").asInt());

        // Origin i of a series of n steps: n - horizon - (origins - 1 - i) * step; first/last over the series.
        for (int i = 0; i < ORIGINS; i++) {
            JsonNode p = b.get("origin_positions").get(i);
            int back = HORIZON + (ORIGINS - 1 - i) * STEP;
            assertEquals(back, p.get("steps_before_end").asInt());
            assertEquals(60 - back, p.get("first_index").asInt(), p.toString());
            assertEquals(90 - back, p.get("last_index").asInt(), p.toString());
        }

        List<String> forecasters = new ArrayList<>();
        b.get("forecasters").fieldNames().forEachRemaining(forecasters::add);
        assertEquals(List.of("model", "naive", "seasonal_naive", "ets"), forecasters);
        for (String f : forecasters) {
            JsonNode m = b.get("forecasters").get(f);
            assertEquals(3L * ORIGINS * HORIZON, m.get("overall").get("values").asLong(), f);
            assertEquals(ORIGINS, m.get("per_origin").size(), f);
            assertEquals(HORIZON, m.get("per_step").size(), f);
            assertEquals(ORIGINS, m.get("per_origin_step").size(), f);
            for (JsonNode origin : m.get("per_origin_step")) {
                assertEquals(HORIZON, origin.size(), f);
                for (JsonNode cell : origin) {
                    assertEquals(3, cell.get("values").asInt(), f + " " + cell);
                    assertTrue(cell.get("rmse").isNumber(), f + " " + cell);
                }
            }
        }

        // The naive baseline from the first origin, recomputed from the data: the last value before the origin.
        double squared = 0;
        double absolute = 0;
        double squaredStep2 = 0;
        int n = 0;
        for (String id : List.of("a", "b", "c")) {
            float[] y = series.get(id);
            int origin = y.length - HORIZON - (ORIGINS - 1) * STEP;
            for (int k = 0; k < HORIZON; k++) {
                double e = (double) y[origin - 1] - y[origin + k];
                squared += e * e;
                absolute += Math.abs(e);
                squaredStep2 += k == 1 ? e * e : 0;
                n++;
            }
        }
        JsonNode naive = b.get("forecasters").get("naive");
        assertEquals(Math.sqrt(squared / n), naive.get("per_origin").get(0).get("rmse").asDouble(), 1e-6);
        assertEquals(absolute / n, naive.get("per_origin").get(0).get("mae").asDouble(), 1e-6);
        assertEquals(Math.sqrt(squaredStep2 / 3), naive.get("per_origin_step").get(0).get(1).get("rmse").asDouble(),
                1e-6);

        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("Rolling-origin backtest"), "report.html has the backtest section");
        // The loss and forecast charts, and the backtest's RMSE per origin and per horizon step.
        assertEquals(5, html.split("<svg").length, "four charts");
        assertTrue(html.contains("Backtest RMSE per origin") && html.contains("Backtest RMSE per horizon step"));

        // The test evaluation's own metrics per horizon step, for the model and every baseline: every step has
        // one value per test window, so the overall mean squared error is the mean of the steps'.
        assertTrue(html.contains("Per horizon step (RMSE / MAE)"), "report.html has the per-step table");
        List<JsonNode> scored = List.of(report.at("/metrics/test"), report.at("/baselines/naive"),
                report.at("/baselines/seasonal_naive"), report.at("/baselines/ets"));
        for (JsonNode m : scored) {
            JsonNode steps = m.get("per_step");
            assertEquals(HORIZON, steps.size(), m.toString());
            double mse = 0;
            long values = 0;
            for (int k = 0; k < HORIZON; k++) {
                assertEquals(k + 1, steps.get(k).get("step").asInt());
                mse += Math.pow(steps.get(k).get("rmse").asDouble(), 2) / HORIZON;
                values += steps.get(k).get("values").asLong();
            }
            assertEquals(m.get("values").asLong(), values, "every value in one step");
            assertEquals(m.get("rmse").asDouble(), Math.sqrt(mse), 1e-6, "per-step RMSEs combine to the overall");
        }
        // Each step is scored on its own: the naive forecast's error differs between the first and last step.
        JsonNode naiveSteps = report.at("/baselines/naive/per_step");
        assertTrue(naiveSteps.get(0).get("rmse").asDouble() != naiveSteps.get(HORIZON - 1).get("rmse").asDouble());
    }

    /**
     * One series, horizon 1: each backtest origin is also a test window, so the model's error there must equal the
     * test evaluation's one-step forecast error at that step, through a log transform and a two-member ensemble.
     */
    @Test
    void theModelForecastsFromAnOriginAsTheTestEvaluationDoes(@TempDir Path dir) throws Exception {
        float[] y = series().get("c");
        StringBuilder csv = new StringBuilder("t,y\n");
        for (int t = 0; t < y.length; t++) {
            csv.append(t).append(',').append(y[t]).append('\n');
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv);
        Path conf = conf(dir, data, """
                sequence {
                  time-column = t, target-columns = [y], season = 6, transform = log
                  window { lookback = 12, horizon = 1 }
                }
                model { units = [8] }
                training { epochs = 2, batch-size = 16, ensemble = 2 }
                backtest { origins = 5, step = 2 }
                """);
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "r"));
        JsonNode report = new ObjectMapper().readTree(dir.resolve("runs/bt/r/report.json").toFile());
        Map<Integer, JsonNode> test = new LinkedHashMap<>();
        report.get("forecast").get("plot").get("one_step_forecasts").forEach(p -> test.put(p.get("step").asInt(), p));
        JsonNode b = report.get("backtest");
        for (int i = 0; i < 5; i++) {
            int origin = b.get("origin_positions").get(i).get("first_index").asInt();
            assertEquals(y.length - 1 - (4 - i) * 2, origin);
            JsonNode p = test.get(origin);
            for (String f : List.of("model", "naive", "seasonal_naive", "ets")) {
                double error = Math.abs(p.get(f).asDouble() - p.get("actual").asDouble());
                assertEquals(error, b.get("forecasters").get(f).get("per_origin").get(i).get("mae").asDouble(),
                        1e-4 * Math.max(1, error), f + " at origin " + origin);
            }
        }
    }

    /**
     * backtest.refit = every-origin: before each origin the network is trained again on every series cut at that
     * origin, so the training windows grow by step windows per series from one origin to the next, and no
     * forecast comes from steps the network trained on.
     */
    @Test
    void refitEveryOriginTrainsOnTheStepsBeforeEachOrigin(@TempDir Path dir) throws Exception {
        Map<String, float[]> series = series();
        Path data = csv(dir, series);
        int origins = 3;
        Path conf = conf(dir, data, """
                sequence {
                  id-column = id, time-column = t, target-columns = [y], season = 6
                  window { lookback = 12, horizon = %d }
                }
                model { cell = gru, units = [4] }
                training { epochs = 1, batch-size = 16 }
                backtest { origins = %d, step = %d, refit = every-origin }
                """.formatted(HORIZON, origins, STEP));
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "r"),
                err.text());
        JsonNode b = new ObjectMapper().readTree(dir.resolve("runs/bt/r/report.json").toFile()).get("backtest");
        assertEquals("every-origin", b.get("refit").asText());
        // With 3 origins series d (22 steps) is long enough too: 12 + 2 * 3 + 3 = 21.
        assertEquals(4, b.get("series").asInt());
        assertEquals(0, b.get("forecasts_before_test_period").asInt());
        // Windows of 12 + 3 steps, stride 1, in the steps before origin i of each series (none in d's first 13).
        for (int i = 0; i < origins; i++) {
            long expected = 0;
            for (String id : List.of("a", "b", "c", "d")) {
                int origin = series.get(id).length - HORIZON - (origins - 1 - i) * STEP;
                expected += Math.max(0, origin - 12 - HORIZON + 1);
            }
            assertEquals(expected, b.get("refit_training_windows").get(i).asLong(), "origin " + (i + 1));
        }
        for (String f : List.of("model", "naive", "seasonal_naive", "ets")) {
            JsonNode m = b.get("forecasters").get(f);
            assertEquals(4L * origins * HORIZON, m.get("overall").get("values").asLong(), f);
            for (JsonNode origin : m.get("per_origin")) {
                assertTrue(Double.isFinite(origin.get("rmse").asDouble()), f + " " + origin);
            }
        }
        assertTrue(b.at("/forecasters/ets/description").asText().contains("fitted again"), b.toString());
        assertTrue(Files.readString(dir.resolve("runs/bt/r/report.html")).contains("<th>training windows</th>"));
    }

    /** refit = every-origin with an origin that leaves no training window before it: exit 2, nothing written. */
    @Test
    void aRefitWithoutTrainingWindowsBeforeAnOriginFailsNamingTheKeys(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("series.csv");
        StringBuilder csv = new StringBuilder("t,y\n");
        for (int t = 0; t < 40; t++) {
            csv.append(t).append(',').append(10 + t % 6).append('\n');
        }
        Files.writeString(data, csv);
        // 28 origins one step apart: the first is step 12, and 12 steps hold no window of 12 + 1.
        int code = Main.execute("train", "--conf", conf(dir, data, """
                sequence { time-column = t, target-columns = [y], window { lookback = 12 } }
                model { units = [4] }
                training { epochs = 1 }
                backtest { origins = 28, refit = every-origin }
                """).toString(), "--master", "local[2]", "--run-id", "r");
        assertEquals(2, code, err.text());
        assertTrue(err.text().contains("backtest.refit = every-origin: no training window before origin 1 of "),
                err.text());
        assertTrue(err.text().contains("lower backtest.origins or backtest.step, or use backtest.refit = none"),
                err.text());
        assertTrue(Files.notExists(dir.resolve("runs/bt/r/_SUCCESS")), "no completed run");
    }

    @Test
    void aBacktestNoSeriesCanTakeFailsBeforeTrainingNamingTheKeys(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("series.csv");
        StringBuilder csv = new StringBuilder("t,y\n");
        for (int t = 0; t < 60; t++) {
            csv.append(t).append(',').append(10 + t % 6).append('\n');
        }
        Files.writeString(data, csv);
        int code = Main.execute("train", "--conf", conf(dir, data, """
                sequence { time-column = t, target-columns = [y], window { lookback = 12 } }
                model { units = [4] }
                training { epochs = 1 }
                backtest { origins = 50 }
                """).toString(), "--master", "local[2]", "--run-id", "r");
        assertEquals(2, code, err.text());
        assertTrue(err.text().contains("shorter than the 62 steps that backtest.origins = 50, backtest.step = 1 "
                + "with sequence.window.lookback = 12, horizon = 1 need"), err.text());
        assertTrue(err.text().contains("lower backtest.origins or backtest.step"), err.text());
    }
}
