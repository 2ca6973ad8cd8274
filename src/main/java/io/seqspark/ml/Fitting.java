package io.seqspark.ml;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import io.seqspark.runtime.SparkSessions;
import io.seqspark.training.TrainJob;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * How an estimator trains: its DataFrame becomes a temporary view of its own session, and the job settings (from
 * the params) name it as {@code data.format = table}; the settings are validated by {@link ConfigLoader} and the
 * run goes through {@link TrainJob} in that session, exactly as {@code seqspark train} on a catalog table. The run
 * is written to a temporary folder on the driver, read back into memory and deleted.
 */
final class Fitting {
    record Trained(ModelBundle bundle, RunReport summary) {
    }

    private Fitting() {
    }

    static Trained train(Dataset<Row> rows, Map<String, Object> settings) {
        SparkSession spark = rows.sparkSession();
        String view = "seqspark_fit_" + UUID.randomUUID().toString().replace('-', '_');
        Path dir;
        try {
            dir = Files.createTempDirectory("seqspark-fit");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the training run", e);
        }
        rows.createOrReplaceTempView(view);
        try {
            Map<String, Object> job = new LinkedHashMap<>(settings);
            job.put("job.name", "fit");
            job.put("job.output", dir.toUri().toString());
            job.put("job.run-id", "fit");
            job.put("spark.master", spark.sparkContext().master());
            job.put("data.format", JobConfig.Data.TABLE);
            job.put("data.table", view);
            job.put("training.checkpoint", "none"); // the temporary run is gone after fit: nothing to resume
            Path conf = dir.resolve("fit.conf");
            Files.writeString(conf, ConfigFactory.parseMap(job).root().render(ConfigRenderOptions.concise()),
                    StandardCharsets.UTF_8);
            JobConfig config = ConfigLoader.load(conf.toString(), List.of());
            // dl4j-spark's default NTP clock fails offline (see SparkSessions).
            System.setProperty(SparkSessions.TIME_SOURCE_PROPERTY, SparkSessions.SYSTEM_CLOCK);
            TrainJob.Outcome outcome = TrainJob.run(spark, config);
            ModelBundle bundle = ModelBundle.load(outcome.runDir() + "/" + ModelBundle.DIR);
            return new Trained(bundle, outcome.report());
        } catch (IOException e) {
            throw new UncheckedIOException("training run in " + dir + " failed", e);
        } finally {
            spark.catalog().dropTempView(view);
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
