package io.seqspark.bench;

import io.seqspark.SparkTestSupport;
import io.seqspark.cli.Main;
import io.seqspark.models.ModelBundle;
import io.seqspark.vectorize.LabeledSequence;
import io.seqspark.vectorize.MinibatchBuilder;
import io.seqspark.vectorize.Preprocessing;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.expr;

/**
 * Batch scoring throughput: trains a small GRU classifier on generated windows (one row per window, 24 steps as
 * an array column), then runs {@code predict} on N generated windows in local[2] and reports rows/s; checks a
 * sample of the written predictions against the model run on the driver. Not a test; run with
 * <pre>java @jobs/java17.args -Xmx3g -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     io.seqspark.bench.PredictBenchmark [rows, default 1000000] [work dir]</pre>
 */
public final class PredictBenchmark {
    private static final int STEPS = 24;

    private PredictBenchmark() {
    }

    /**
     * Windows of three kinds (rising, falling, seasonal) with deterministic noise from a hash of (id, step), so the
     * same id always gives the same window.
     */
    static Dataset<Row> windows(SparkSession spark, long n, long firstId) {
        return spark.range(firstId, firstId + n).select(expr("id AS window_id"),
                expr("CAST(id % 3 AS STRING) AS kind"),
                expr("transform(sequence(0, " + (STEPS - 1) + "), t -> CASE id % 3"
                        + " WHEN 0 THEN t * 0.1 WHEN 1 THEN 2.4 - t * 0.1 ELSE sin(t * 0.785) END"
                        + " + (pmod(hash(id, t), 1000) / 1000.0 - 0.5)) AS values"));
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("predict-bench");
        Path train = dir.resolve("train.parquet");
        Path input = dir.resolve("score.parquet");
        SparkSession spark = SparkTestSupport.localSpark();
        try {
            windows(spark, 6000, 0).write().mode("overwrite").parquet(train.toString());
            windows(spark, rows, 1_000_000_000L).repartition(8).write().mode("overwrite").parquet(input.toString());
        } finally {
            spark.stop();
        }
        Path conf = dir.resolve("windows.conf");
        Files.writeString(conf, """
                job.name = windows
                task = classification
                data { format = parquet, path = "%s" }
                sequence { id-column = window_id, label-column = kind, array-column = values, steps = %d,
                           features-per-step = 1 }
                model { cell = gru, units = [16] }
                training { epochs = 3, batch-size = 64 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(train, STEPS));
        check(Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "bench",
                "--set", "job.output=" + dir.resolve("runs"), "--set", "job.overwrite=true"), "train");
        String model = dir.resolve("runs/windows/bench/model").toString();
        Path output = dir.resolve("predictions-" + System.currentTimeMillis());

        long start = System.nanoTime();
        check(Main.execute("predict", "--model", model, "--input", input.toString(), "--output", output.toString(),
                "--master", "local[2]"), "predict");
        double seconds = (System.nanoTime() - start) / 1e9;

        spark = SparkTestSupport.localSpark();
        try {
            long written = spark.read().parquet(output.toString()).count();
            List<Row> sample = spark.read().parquet(output.toString()).orderBy(expr("hash(window_id)")).limit(200)
                    .join(spark.read().parquet(input.toString()), "window_id").collectAsList();
            ModelBundle bundle = ModelBundle.load(model);
            Preprocessing.SequenceClassification prep =
                    bundle.preprocessing(Preprocessing.SequenceClassification.class);
            double maxDifference = 0;
            int agree = 0;
            for (Row r : sample) {
                List<Double> values = r.getList(r.fieldIndex("values"));
                float[][] x = new float[STEPS][1];
                for (int t = 0; t < STEPS; t++) {
                    x[t][0] = values.get(t).floatValue();
                }
                DataSet one = MinibatchBuilder.toDataSet(List.of(new LabeledSequence("s", null, x)), prep.labels(),
                        prep.scaler());
                INDArray expected = bundle.network().output(one.getFeatures(), false);
                List<Double> got = r.getList(r.fieldIndex("probabilities"));
                for (int k = 0; k < got.size(); k++) {
                    maxDifference = Math.max(maxDifference, Math.abs(got.get(k) - expected.getDouble(0, k)));
                }
                agree += prep.labels().labels().get(expected.argMax(1).getInt(0))
                        .equals(r.getString(r.fieldIndex("predicted"))) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "predict: %d rows in %.1f s = %.0f rows/s (local[2]); %d rows written; "
                            + "sample of %d: %d labels agree with the driver-side model, max |p difference| %.2e; "
                            + "peak RSS of this JVM %d MiB%n", rows, seconds, rows / seconds, written, sample.size(),
                    agree, maxDifference, peakRssMiB());
            if (written != rows || agree != sample.size() || maxDifference > 1e-5) {
                throw new AssertionError("predictions differ from the driver-side model or rows are missing");
            }
        } finally {
            spark.stop();
        }
    }

    private static void check(int exit, String step) {
        if (exit != 0) {
            throw new IllegalStateException(step + " exited with " + exit);
        }
    }

    /** VmHWM of this process (Linux). */
    static long peakRssMiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
