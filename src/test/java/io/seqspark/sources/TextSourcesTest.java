package io.seqspark.sources;

import io.seqspark.SparkTestSupport;
import io.seqspark.UserError;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The unlabelled corpus's row condition is text.pretrain.where, and an error in it names that key. */
    @Test
    void pretrainCorpusConditionIsNamedByItsOwnKey(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("reviews.csv");
        Files.writeString(csv, "review,rating\ngood film,9\nso so,6\nbad film,2\nfine,7\n");
        List<String> keys = List.of("task=classification", "data.format=csv", "data.path=\"" + csv + "\"",
                "text.text-column=review", "text.label-column=rating", "data.where=\"rating != 6\"",
                "text.pretrain.enabled=true", "text.pretrain.path=\"" + csv + "\"");
        JobConfig good = ConfigLoader.load(null, concat(keys, "text.pretrain.where=\"rating BETWEEN 5 AND 8\""));
        List<String> texts = TextSources.pretrainCorpus(spark, good).select("text").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("so so", "fine"), texts, "text.pretrain.where, not data.where, picks the corpus rows");

        JobConfig bad = ConfigLoader.load(null, concat(keys, "text.pretrain.where=\"no_such_column > 5\""));
        UserError e = assertThrows(UserError.class, () -> TextSources.pretrainCorpus(spark, bad).count());
        assertTrue(e.getMessage().startsWith("text.pretrain.where = \"no_such_column > 5\""), e.getMessage());
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.add(b);
        return all;
    }
}
