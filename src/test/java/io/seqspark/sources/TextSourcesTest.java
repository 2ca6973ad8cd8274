package io.seqspark.sources;

import io.seqspark.SparkTestSupport;
import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Folders of text files (data.format = text) go through data.columns, data.where and data.sample too. */
class TextSourcesTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.localSpark();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void selectionAppliesToTextFolders(@TempDir Path dir) throws Exception {
        for (String label : List.of("pos", "neg", "spam")) {
            Files.createDirectories(dir.resolve(label));
            for (int i = 0; i < 4; i++) {
                Files.writeString(dir.resolve(label).resolve(i + ".txt"), label + " text number " + i);
            }
        }
        JobConfig config = ConfigLoader.load(null, List.of("task=classification", "data.format=text",
                "data.path=\"" + dir + "\"", "data.columns.short=\"length(text) < 20\"",
                "data.where=\"label != 'spam'\"", "data.sample.balance-column=label", "data.sample.per-class=3"));
        List<Row> rows = TextSources.main(spark, config).groupBy("label").count().orderBy("label").collectAsList();
        assertEquals(2, rows.size(), "spam filtered out by data.where: " + rows);
        for (Row r : rows) {
            assertEquals(3L, r.getLong(1), "data.sample: 3 of each label");
        }
    }
}
