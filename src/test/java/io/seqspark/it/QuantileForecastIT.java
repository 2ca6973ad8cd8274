package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * model.quantiles end to end in local[2] on generated series with known noise: two targets (noise sd 1 and 0.25
 * around seasonal curves), horizon 2, windows relative to their last value, so the quantile layout, the labels
 * repeated per level and the inverse scaling are all exercised. The 80% interval must cover about 80% of the test
 * values, quantiles never cross, and predict writes one column per target and level.
 */
class QuantileForecastIT {
    private static final int SERIES = 3;
    private static final int STEPS = 400;
    private static final double SD_A = 1.0;
    private static final double SD_B = 0.25;

    private static Path data(Path dir) throws Exception {
        Random r = new Random(20261201);
        StringBuilder csv = new StringBuilder("id,t,a,b\n");
        for (int s = 0; s < SERIES; s++) {
            double level = 10 + 40 * s;
            for (int t = 0; t < STEPS; t++) {
                double phase = 2 * Math.PI * t / 20;
                csv.append("s").append(s).append(',').append(t).append(',')
                        .append(level + 3 * Math.sin(phase) + SD_A * r.nextGaussian()).append(',')
                        .append(-5 + 2 * Math.cos(phase) + SD_B * r.nextGaussian()).append('\n');
            }
        }
        Path csvPath = dir.resolve("series.csv");
        Files.writeString(csvPath, csv);
        return csvPath;
    }

    private static Path conf(Path dir, Path data) throws Exception {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, """
                job { name = q, output = "%s" }
                task = forecast
                data { format = csv, path = "%s" }
                sequence {
                  id-column = id, time-column = t, target-columns = [a, b], season = 20
                  window { lookback = 20, horizon = 2, origin = last }
                }
                split { test = 0.2, validation = 0.1 }
                model { units = [16], quantiles = [0.1, 0.5, 0.9] }
                training { epochs = 12, batch-size = 32, learning-rate = 0.01 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(dir.resolve("runs"), data));
        return conf;
    }

    @Test
    void intervalsCoverAsStatedQuantilesNeverCrossAndPredictWritesThem(@TempDir Path dir) throws Exception {
        Path data = data(dir);
        Path conf = conf(dir, data);
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "r"));
        Path run = dir.resolve("runs/q/r");
        JsonNode report = RunReports.completeForecastRun(run);
        JsonNode test = report.get("metrics").get("test");
        JsonNode q = test.get("quantiles");
        long values = report.get("data").get("test_examples").asLong() * 2 * 2; // windows x horizon x targets
        assertEquals(values, q.get("values").asLong());
        assertEquals(0, q.get("crossed").asLong(), q.toString());
        JsonNode interval = q.get("intervals").get(0);
        assertEquals(0.1, interval.get("lower").asDouble());
        assertEquals(0.9, interval.get("upper").asDouble());
        assertEquals(0.8, interval.get("nominal").asDouble(), 1e-12);
        double coverage = interval.get("coverage").asDouble();
        assertTrue(coverage > 0.65 && coverage < 0.93, "80% interval coverage " + coverage);
        // Noise of sd 1 and 0.25: a calibrated 80% interval is 2.56 and 0.64 wide, 1.6 on average; a quantile
        // left on the scaled axis or inverted with the wrong target's scale would be far off.
        double width = interval.get("mean_width").asDouble();
        assertTrue(width > 0.8 && width < 3.2, "mean width " + width);
        double previous = 0;
        for (JsonNode level : q.get("per_level")) {
            double below = level.get("share_below").asDouble();
            assertTrue(below > previous, "share of actuals at or below each level rises: " + q);
            previous = below;
        }
        double wql = test.get("weighted_quantile_loss").asDouble();
        assertTrue(wql > 0 && wql < 0.2, "weighted quantile loss " + wql);
        assertEquals(List.of(0.1, 0.5, 0.9), List.of(report.get("forecast").get("quantiles").get(0).asDouble(),
                report.get("forecast").get("quantiles").get(1).asDouble(),
                report.get("forecast").get("quantiles").get(2).asDouble()));
        JsonNode point = report.get("forecast").get("plot").get("one_step_forecasts").get(0);
        assertEquals(point.get("model").asDouble(), point.get("quantiles").get(1).asDouble(), 1e-9,
                "the plotted point forecast is the median");
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("Quantile forecasts") && html.contains("model 0.1-0.9 interval"),
                "coverage table and the band in the forecast chart");

        Path output = dir.resolve("predictions");
        assertEquals(0, Main.execute("predict", "--model", run.toString(), "--input", data.toString(), "--output",
                output.toString(), "--master", "local[2]"));
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).orderBy("id", "step").collectAsList();
            assertEquals(List.of("id", "step", "a_forecast", "b_forecast", "a_q0.1", "a_q0.5", "a_q0.9", "b_q0.1",
                    "b_q0.5", "b_q0.9", "reason"), Arrays.asList(rows.get(0).schema().fieldNames()));
            assertEquals(SERIES * 2, rows.size());
            for (Row r : rows) {
                for (int target = 0; target < 2; target++) {
                    double lo = r.getDouble(4 + 3 * target);
                    double mid = r.getDouble(5 + 3 * target);
                    double hi = r.getDouble(6 + 3 * target);
                    assertTrue(lo <= mid && mid <= hi, "quantiles in order: " + r);
                    assertEquals(r.getDouble(2 + target), mid, 1e-9, "the point forecast is the median: " + r);
                }
                // Each target's interval in its own units: the noisier one is the wider.
                assertTrue(r.getDouble(6) - r.getDouble(4) > r.getDouble(9) - r.getDouble(7), r.toString());
                assertTrue(r.isNullAt(10), r.toString());
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void badLevelsExitWith2BeforeAnyWork(@TempDir Path dir) throws Exception {
        Path conf = conf(dir, data(dir));
        assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]",
                "--set", "model.quantiles=[0.9, 0.1]"));
        assertFalse(Files.exists(dir.resolve("runs/q")), "no run folder");
    }
}
