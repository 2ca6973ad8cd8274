package io.seqspark.sources;

import io.seqspark.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Many monthly-style series for forecasting, of very different levels (from about 3 to 3,000) and with different
 * seasonal shapes: a yearly (12-step) or half-yearly (6-step) cycle of its own amplitude and phase, a gentle trend
 * and noise, all proportional to the series' level, so one global scaler fits them badly and per-series scaling
 * matters. Both periods repeat every 12 steps, so {@code sequence.season = 12} suits all series. One row per step:
 * series_id, t, value; generated on the executors, deterministic for a given seed.
 */
public final class SeasonalSeriesGenerator {
    public static final StructType SCHEMA = new StructType()
            .add("series_id", DataTypes.StringType, false)
            .add("t", DataTypes.IntegerType, false)
            .add("value", DataTypes.DoubleType, false);

    private SeasonalSeriesGenerator() {
    }

    public static Dataset<Row> generate(SparkSession spark, JobConfig.Generator g) {
        return Generated.rows(spark, g, SCHEMA, SeasonalSeriesGenerator::series);
    }

    public static List<Row> series(long id, JobConfig.Generator g) {
        SplittableRandom rnd = new SplittableRandom(g.seed() * 0x9E3779B97F4A7C15L + id);
        int length = g.minLength() + rnd.nextInt(g.maxLength() - g.minLength() + 1);
        double level = Math.pow(10, rnd.nextDouble(0.5, 3.5));
        int period = rnd.nextBoolean() ? 12 : 6;
        double amplitude = rnd.nextDouble(0.1, 0.4);
        double phase = rnd.nextDouble(0, 2 * Math.PI);
        double trend = rnd.nextDouble(-0.002, 0.006);
        double noise = rnd.nextDouble(0.01, 0.04);
        String name = String.format("s%05d", id);
        List<Row> rows = new ArrayList<>(length);
        for (int t = 0; t < length; t++) {
            double season = amplitude * Math.sin(2 * Math.PI * t / period + phase);
            double value = level * (1 + trend * t + season + noise * Generated.gaussian(rnd));
            rows.add(RowFactory.create(name, t, value));
        }
        return rows;
    }
}
