package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import io.seqspark.config.GeneratorName;
import io.seqspark.config.JobConfig;
import io.seqspark.sources.ControlChartGenerator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * data.format = table and other Spark sources through the real CLI. A table lives in the catalog of a Spark
 * session: with Spark's default in-memory catalog that is the session that created it, so the catalog test saves
 * the table in a session and runs train in the same JVM, where train joins that session (as a driver program or a
 * notebook would); a Hive metastore or a catalog plugin makes the same table visible to every later session.
 */
class TableSourceIT {
    /** 120 control-chart sequences, 20 of each of the 6 classes. */
    private static final JobConfig.Generator CHARTS = new JobConfig.Generator(GeneratorName.CONTROL_CHART, 120, 20, 30, 7);
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    @AfterEach
    void stopSession() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static SparkSession session(Path warehouse) {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop(); // a session left by another test would keep its own warehouse
            return null;
        });
        return SparkSession.builder().master("local[2]").appName("table-source-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.warehouse.dir", warehouse.toUri().toString())
                .getOrCreate();
    }

    private static int train(Path out, Path warehouse, String... sets) {
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--run-id", "it",
                "--set", "job.output=" + out, "--set", "spark.conf.\"spark.ui.enabled\"=false",
                "--set", "spark.conf.\"spark.sql.warehouse.dir\"=\"" + warehouse.toUri() + "\"",
                "--set", "training.epochs=1", "--set", "model.units=[4]", "--set", "training.checkpoint=none"));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        return Main.execute(args.toArray(new String[0]));
    }

    private static long examples(JsonNode report) {
        JsonNode data = report.get("data");
        return data.get("train_examples").asLong() + data.get("validation_examples").asLong()
                + data.get("test_examples").asLong();
    }

    @Test
    void trainReadsACatalogTableWithItsWhereCondition(@TempDir Path dir) throws Exception {
        Path warehouse = dir.resolve("warehouse");
        SparkSession spark = session(warehouse);
        spark.sql("CREATE DATABASE plant");
        ControlChartGenerator.generate(spark, CHARTS).write().saveAsTable("plant.charts");
        assertTrue(Files.isDirectory(warehouse.resolve("plant.db/charts")), "saved under the temporary warehouse");

        assertEquals(0, train(dir.resolve("runs"), warehouse, "data.format=table", "data.table=plant.charts",
                "data.where=\"label <> 'normal'\""), err.text());
        Path run = dir.resolve("runs/quickstart/it");
        JsonNode report = RunReports.completeClassificationRun(run);
        assertEquals(100, examples(report), "the 100 sequences of the table that meet data.where");
        String saved = Files.readString(run.resolve("model/config.conf"));
        assertTrue(saved.contains("plant.charts"), "the saved configuration names the table: " + saved);

        // train stopped its session, and the in-memory catalog with it: a new session registers the table's
        // files again, and predict (whose --format defaults to the model's, table) scores the table.
        spark = session(warehouse);
        spark.sql("CREATE DATABASE plant");
        spark.sql("CREATE TABLE plant.charts USING parquet LOCATION '" + warehouse.resolve("plant.db/charts").toUri()
                + "'");
        Path predictions = dir.resolve("predictions");
        assertEquals(0, Main.execute("predict", "--model", run.resolve("model").toString(), "--input",
                "plant.charts", "--output", predictions.toString(), "--master", "local[2]"),
                err.text());
        spark = session(warehouse);
        assertEquals(120, spark.read().parquet(predictions.toString()).count(), "every sequence of the table");
        assertEquals(20, spark.read().parquet(predictions.toString()).filter("actual = 'normal'").count(),
                "sequences whose label the model never saw (data.where left it out) are scored, not an error");

        assertEquals(2, Main.execute("predict", "--model", run.resolve("model").toString(), "--input",
                "plant.charts", "--output", dir.resolve("p2").toString(), "--format", "parqet"));
        String message = err.text();
        assertTrue(message.contains("seqspark: error: --format parqet: expected csv, tsv, parquet, json, table "
                + "(--input names a catalog table) or another Spark data source's name (orc, avro, ...) ("), message);
    }

    @Test
    void aMissingTableIsExit2NamingIt(@TempDir Path dir) {
        assertEquals(2, train(dir.resolve("runs"), dir.resolve("warehouse"), "data.format=table",
                "data.table=plant.nosuch"));
        String message = err.text();
        assertTrue(message.contains("seqspark: error: data.table = plant.nosuch: no such table or view in Spark's "
                + "catalog"), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
    }

    @Test
    void anotherSparkSourcePassesThroughWithItsPath(@TempDir Path dir) throws Exception {
        SparkSession spark = session(dir.resolve("warehouse"));
        Path orc = dir.resolve("charts.orc");
        ControlChartGenerator.generate(spark, CHARTS).write().orc(orc.toString());
        spark.stop();

        assertEquals(0, train(dir.resolve("runs"), dir.resolve("warehouse"), "data.format=orc",
                "data.path=\"" + orc + "\""), err.text());
        assertEquals(120, examples(RunReports.completeClassificationRun(dir.resolve("runs/quickstart/it"))));
    }

    @Test
    void anUnknownSourceIsExit2BeforeSparkStarts(@TempDir Path dir) {
        assertEquals(2, train(dir.resolve("runs"), dir.resolve("warehouse"), "data.format=parqet",
                "data.path=\"" + dir + "\""));
        String message = err.text();
        assertTrue(message.contains("data.format: unknown format \"parqet\""), message);
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "no Spark session was started");
    }
}
