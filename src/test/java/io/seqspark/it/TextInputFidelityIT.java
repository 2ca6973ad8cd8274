package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import io.seqspark.sources.TextSources;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, text inputs: charset names mean the Windows code pages users have, RFC 4180 csv/tsv texts with quoted
 * line breaks and doubled quotes read as one record each, and empty texts either fail naming them or are counted.
 */
class TextInputFidelityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WORDS = List.of("the", "movie", "plot", "was", "and", "a", "story");

    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    private static String review(Random r, boolean positive) {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            w.add(WORDS.get(r.nextInt(WORDS.size())));
        }
        w.add(r.nextInt(w.size()), positive ? "good" : "bad");
        return String.join(" ", w);
    }

    private static String conf(Path dir, String format, Path data, String sets) throws Exception {
        Path conf = dir.resolve("job-" + format + ".conf");
        Files.writeString(conf, """
                job.name = fidelity
                task = classification
                data { format = %s, path = "%s" }
                text { text-column = text, label-column = label, id-column = id, tokenizer = word, max-length = 10 }
                model { cell = lstm, units = [4], embedding-size = 4 }
                training { epochs = 1, batch-size = 16 }
                spark.conf { "spark.ui.enabled" = false }
                %s
                """.formatted(format, data, sets));
        return conf.toString();
    }

    private static boolean privateUse(String s) {
        return s.codePoints().anyMatch(c -> c >= 0xE000 && c <= 0xF8FF);
    }

    /** Each name decodes its code page's characters outside the smaller standard sets, csv and folders alike. */
    @Test
    void charsetNamesDecodeTheWindowsCodePagesTheyMean(@TempDir Path dir) throws Exception {
        // Characters only in the Windows code page: 똠 뷁 (not EUC-KR), ① ～ 髙 (not JIS X 0208 Shift_JIS), 們 €
        // (not GB2312), café in ISO-8859-1.
        Map<String, List<String>> aliases = Map.of(
                "똠방각하 뷁", List.of("CP949", "UHC", "windows-949", "MS949"),
                "①～髙", List.of("Shift_JIS", "SJIS", "CP932", "MS932", "windows-31j"),
                "們 €", List.of("GBK", "CP936"),
                "café", List.of("latin1"));
        Map<String, String> bytesIn = Map.of("똠방각하 뷁", "x-windows-949", "①～髙", "windows-31j", "們 €", "GBK",
                "café", "ISO-8859-1");
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            int n = 0;
            for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
                Charset charset = Charset.forName(bytesIn.get(e.getKey()));
                // A quoted line break and a doubled quote too: the text must come back exactly.
                String text = e.getKey() + "\nsaid \"" + e.getKey() + "\"";
                Path csv = dir.resolve("t" + n + ".csv");
                Files.write(csv, ("id,text,label\n1,\"" + text.replace("\"", "\"\"") + "\",pos\n").getBytes(charset));
                Path folder = dir.resolve("f" + n);
                Files.createDirectories(folder.resolve("pos"));
                Files.write(folder.resolve("pos/a.txt"), text.getBytes(charset));
                n++;
                for (String alias : e.getValue()) {
                    JobConfig fromCsv = ConfigLoader.load(conf(dir, "csv", csv, ""), List.of("text.encoding=" + alias));
                    List<Row> rows = TextSources.main(spark, fromCsv).collectAsList();
                    assertEquals(1, rows.size(), alias);
                    assertEquals(text, rows.get(0).getAs(TextSources.TEXT), alias + " csv");
                    assertFalse((boolean) rows.get(0).getAs(TextSources.UNDECODABLE), alias);
                    assertFalse(privateUse(rows.get(0).getAs(TextSources.TEXT)), alias);

                    Path folderConf = dir.resolve("folder.conf");
                    Files.writeString(folderConf, """
                            job.name = fidelity
                            task = classification
                            data { format = text, path = "%s" }
                            text.encoding = "%s"
                            """.formatted(folder, alias));
                    List<Row> files = TextSources.main(spark, ConfigLoader.load(folderConf.toString(), List.of()))
                            .collectAsList();
                    assertEquals(text, files.get(0).getAs(TextSources.TEXT), alias + " folder");
                    assertFalse(privateUse(files.get(0).getAs(TextSources.TEXT)), alias);
                }
            }
        } finally {
            spark.stop();
        }
        Path csv = dir.resolve("t0.csv");
        assertEquals(2, Main.execute("train", "--conf", conf(dir, "csv", csv, ""), "--master", "local[1]",
                "--set", "text.encoding=windows-9999"));
        String message = err.text();
        assertTrue(message.contains("text.encoding") && message.contains("windows-9999"), message);
        assertFalse(message.contains("\tat "), message);
    }

    /** RFC 4180: quoted texts with line breaks, delimiters and doubled quotes are one record each, csv and tsv. */
    @Test
    void quotedLineBreaksReadAsOneRecordEachInTrainingAndPredict(@TempDir Path dir) throws Exception {
        for (String format : List.of("csv", "tsv")) {
            String sep = format.equals("csv") ? "," : "\t";
            Random r = new Random(7);
            StringBuilder file = new StringBuilder(String.join(sep, "id", "text", "label") + "\n");
            int records = 120;
            for (int i = 0; i < records; i++) {
                boolean positive = i % 2 == 0;
                String text = review(r, positive);
                if (i % 3 == 0) {
                    text = text + "\n" + review(r, positive) + (i % 2 == 0 ? "\r\n" : "\n") + sep + "said \"so\"";
                }
                file.append(i).append(sep).append('"').append(text.replace("\"", "\"\"")).append('"').append(sep)
                        .append(positive ? "pos" : "neg").append('\n');
            }
            Path data = dir.resolve("reviews." + format);
            Files.writeString(data, file);
            assertTrue(Files.readAllLines(data).size() > records + 1, "the file has more lines than records");
            Path runs = dir.resolve("runs");
            assertEquals(0, Main.execute("train", "--conf", conf(dir, format, data, ""), "--master", "local[2]",
                    "--run-id", format, "--set", "job.output=" + runs), err.text());
            JsonNode report = JSON.readTree(runs.resolve("fidelity/" + format + "/report.json").toFile());
            JsonNode counts = report.get("data");
            assertEquals(records, counts.get("train_examples").asInt() + counts.get("validation_examples").asInt()
                    + counts.get("test_examples").asInt(), format);

            Path out = dir.resolve("predicted-" + format);
            assertEquals(0, Main.execute("predict", "--model", runs.resolve("fidelity/" + format + "/model").toString(),
                    "--input", data.toString(), "--output", out.toString(), "--master", "local[2]"),
                    err.text());
            SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                    .getOrCreate();
            try {
                List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
                assertEquals(records, rows.size(), format + ": one row per record, not per line");
                Set<String> ids = new HashSet<>();
                for (Row row : rows) {
                    ids.add(row.getAs("id"));
                    assertEquals(Integer.parseInt(row.getAs("id")) % 2 == 0 ? "pos" : "neg", row.getAs("actual"));
                    assertTrue(row.getAs("predicted") != null, "scored: " + row);
                }
                assertEquals(records, ids.size());
            } finally {
                spark.stop();
            }
        }
    }

    /** Empty, blank and null texts: exit 2 naming file, column and id, or dropped and counted (train, evaluate). */
    @Test
    void emptyTextsFailNamingThemOrAreCountedAndPredictKeepsTheirRows(@TempDir Path dir) throws Exception {
        Random r = new Random(9);
        StringBuilder csv = new StringBuilder("id,text,label\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i).append(",\"").append(review(r, i % 2 == 0)).append("\",").append(i % 2 == 0 ? "pos" : "neg")
                    .append('\n');
        }
        csv.append("60,,pos\n61,\"\",neg\n62,\"   \",neg\n");
        Path data = dir.resolve("reviews.csv");
        Files.writeString(data, csv);
        Path runs = dir.resolve("runs");
        String conf = conf(dir, "csv", data, "");
        Files.createDirectories(runs.resolve("fidelity/earlier"));
        Files.writeString(runs.resolve("fidelity/earlier/_SUCCESS"), "");
        java.util.Map<String, String> before = OutputTree.snapshot(runs);
        assertEquals(2, Main.execute("train", "--conf", conf, "--master", "local[2]", "--run-id", "strict",
                "--set", "job.output=" + runs));
        assertEquals(before, OutputTree.snapshot(runs), "the failed run left job.output as it was");
        String message = err.text();
        assertTrue(message.contains("3 of 63") && message.contains("column 'text'") && message.contains("reviews.csv")
                && message.matches("(?s).*id 6[012] .*"), message);
        assertFalse(Files.exists(runs.resolve("fidelity/strict")));

        assertEquals(0, Main.execute("train", "--conf", conf, "--master", "local[2]", "--run-id", "drop",
                "--set", "job.output=" + runs, "--set", "text.invalid=drop"), err.text());
        Path run = runs.resolve("fidelity/drop");
        JsonNode report = JSON.readTree(run.resolve("report.json").toFile());
        assertEquals(3, report.get("data").get("dropped").get("empty").asInt(), report.toString());

        // evaluate: the saved configuration says drop, so the three are counted; with error it fails.
        assertEquals(0, Main.execute("evaluate", "--model", run.resolve("model").toString(), "--master", "local[2]",
                "--run-id", "e1", "--set", "job.output=" + runs), err.text());
        JsonNode evaluation = JSON.readTree(runs.resolve("fidelity-evaluate/e1/report.json").toFile());
        assertEquals(3, evaluation.get("data").get("dropped").get("empty").asInt(), evaluation.toString());
        assertEquals(60, evaluation.get("data").get("test_examples").asInt());
        err.reset();
        assertEquals(2, Main.execute("evaluate", "--model", run.resolve("model").toString(), "--master", "local[2]",
                "--run-id", "e2", "--set", "job.output=" + runs, "--set", "text.invalid=error"));
        assertTrue(err.text().contains("3 of 63"), err.text());

        // predict: a row for every input text; the empty ones unscored, with the reason.
        Path out = dir.resolve("predicted");
        assertEquals(0, Main.execute("predict", "--model", run.resolve("model").toString(), "--input",
                data.toString(), "--output", out.toString(), "--master", "local[2]"),
                err.text());
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
            assertEquals(63, rows.size());
            Set<String> unscored = new HashSet<>();
            for (Row row : rows) {
                if (row.getAs("invalid") != null) {
                    assertEquals("empty", row.getAs("invalid"));
                    assertNull(row.getAs("predicted"));
                    unscored.add(row.getAs("id"));
                } else {
                    assertTrue(row.getAs("predicted") != null, row.toString());
                }
            }
            assertEquals(Set.of("60", "61", "62"), unscored);
        } finally {
            spark.stop();
        }

        // A duplicated id is named with an example.
        Files.writeString(data, csv + "7,\"good story\",pos\n");
        err.reset();
        assertEquals(2, Main.execute("train", "--conf", conf, "--master", "local[2]", "--run-id", "dup",
                "--set", "job.output=" + runs, "--set", "text.invalid=drop"));
        message = err.text();
        assertTrue(message.contains("duplicate") && message.contains("id '7' 2 times"), message);
    }
    /** A language model's undecodable files: exit 2 under error, counted in report.json under drop. */
    @Test
    void languageModelCountsTheFilesItSkips(@TempDir Path dir) throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Random r = new Random(11);
        StringBuilder text = new StringBuilder();
        while (text.length() < 4000) {
            text.append(review(r, r.nextBoolean())).append(". ");
        }
        Files.writeString(corpus.resolve("good.txt"), text);
        Files.write(corpus.resolve("latin.txt"), "a café".getBytes(StandardCharsets.ISO_8859_1));
        Path conf = dir.resolve("lm.conf");
        Files.writeString(conf, """
                job.name = lm
                task = language-model
                data { format = text, path = "%s/*" }
                text { tokenizer = char, min-count = 1, max-length = 20 }
                split { test = 0.1, validation = 0 }
                model { cell = lstm, units = [8], embedding-size = 4 }
                training { epochs = 1, batch-size = 32, tbptt-length = 0 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(corpus));
        Path runs = dir.resolve("runs");
        assertEquals(2, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "e",
                "--set", "job.output=" + runs));
        assertTrue(err.text().contains("latin.txt"), err.text());
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "d",
                "--set", "job.output=" + runs, "--set", "text.invalid=drop"), err.text());
        JsonNode report = JSON.readTree(runs.resolve("lm/d/report.json").toFile());
        assertEquals(1, report.get("data").get("dropped").get("undecodable").asInt(), report.toString());
    }
}
