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
 * Synthetic control-chart sequences (Alcock and Manolopoulos, 1999), the classic labelled time-series benchmark,
 * extended to two channels: {@code x1} is the process value, {@code x2} a second, noisier sensor of the same
 * process with its own gain and offset. One row per time step; generated on the executors, deterministic for
 * a given seed.
 */
public final class ControlChartGenerator {
    public static final List<String> CLASSES = List.of("normal", "cyclic", "increasing_trend", "decreasing_trend",
            "upward_shift", "downward_shift");
    public static final StructType SCHEMA = new StructType()
            .add("series_id", DataTypes.LongType, false)
            .add("t", DataTypes.IntegerType, false)
            .add("x1", DataTypes.DoubleType, false)
            .add("x2", DataTypes.DoubleType, false)
            .add("label", DataTypes.StringType, false);

    private static final double MEAN = 30;
    private static final double SIGMA = 2;

    private ControlChartGenerator() {
    }

    public static Dataset<Row> generate(SparkSession spark, JobConfig.Generator g) {
        return Generated.rows(spark, g, SCHEMA, ControlChartGenerator::series);
    }

    /** The rows of sequence {@code id}; its class is {@code id mod 6}, so classes are balanced. */
    public static List<Row> series(long id, JobConfig.Generator g) {
        SplittableRandom rnd = new SplittableRandom(g.seed() * 0x9E3779B97F4A7C15L + id);
        int cls = (int) (id % CLASSES.size());
        int length = g.minLength() + rnd.nextInt(g.maxLength() - g.minLength() + 1);
        double amplitude = rnd.nextDouble(10, 15);
        double period = rnd.nextDouble(10, 15);
        double phase = rnd.nextDouble(0, 2 * Math.PI);
        double gradient = rnd.nextDouble(0.2, 0.5);
        double shift = rnd.nextDouble(7.5, 20);
        int shiftAt = (int) rnd.nextDouble(length / 3.0, 2 * length / 3.0);
        double gain2 = rnd.nextDouble(0.5, 0.8);
        List<Row> rows = new ArrayList<>(length);
        for (int t = 0; t < length; t++) {
            double pattern = switch (cls) {
                case 0 -> 0;
                case 1 -> amplitude * Math.sin(2 * Math.PI * t / period + phase);
                case 2 -> gradient * t;
                case 3 -> -gradient * t;
                case 4 -> t >= shiftAt ? shift : 0;
                default -> t >= shiftAt ? -shift : 0;
            };
            double x1 = MEAN + rnd.nextDouble(-3, 3) * SIGMA + pattern;
            double x2 = 5 + gain2 * (x1 - MEAN) + 1.5 * Generated.gaussian(rnd);
            rows.add(RowFactory.create(id, t, x1, x2, CLASSES.get(cls)));
        }
        return rows;
    }
}
