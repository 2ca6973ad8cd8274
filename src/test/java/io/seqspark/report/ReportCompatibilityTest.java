package io.seqspark.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * report.json files that seqspark wrote before its reports were typed records (every task, train and evaluate,
 * from the end-to-end tests' runs; forecast plots shortened): each reads into the records and is written back with
 * exactly the same keys and values, so reports and saved models' summaries from before still load, and the records
 * write what the maps did. Set {@code -Dreports.dir=DIR} to check a folder of other report.json files the same way.
 */
class ReportCompatibilityTest {
    private static final ObjectMapper TREE = new ObjectMapper();

    private static List<Path> reports() throws IOException {
        Path dir = Path.of(System.getProperty("reports.dir", "src/test/resources/reports/before-typed"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void reportsWrittenBeforeReadAndWriteBackUnchanged() throws IOException {
        List<Path> files = reports();
        assertFalse(files.isEmpty());
        for (Path file : files) {
            String before = Files.readString(file);
            RunReport report = ReportFiles.parse(before);
            assertEquals(TREE.readTree(before), TREE.readTree(ReportFiles.json(report)), file.toString());
            HtmlReport.render(report); // and report.html renders from it
        }
    }

    @Test
    void eachTasksScoresReadAsTheirKind() throws IOException {
        Path dir = Path.of("src/test/resources/reports/before-typed");
        assertInstanceOf(Scores.Classification.class, read(dir, "classification-evaluate.json").testScores());
        assertInstanceOf(Scores.MajorityClass.class,
                read(dir, "classification-evaluate.json").baselines().get("majority_class"));
        RunReport text = read(dir, "text-classification-train.json");
        assertEquals(6, text.testScores(Scores.Classification.class).misclassifiedExamples().size());
        RunReport forecast = read(dir, "forecast-quantiles-train.json");
        Scores.Forecast test = forecast.testScores(Scores.Forecast.class);
        assertEquals(test.quantiles().weightedQuantileLoss(), test.weightedQuantileLoss());
        assertInstanceOf(Scores.Forecast.class, forecast.baselines().get("ets"));
        RunReport lm = read(dir, "language-model-train.json");
        assertInstanceOf(Scores.LanguageModel.class, lm.baselines().get("unigram"));
        assertEquals(1.0, read(dir, "classification-gradient-clip-train.json").training().gradientClip().norm(), 0);
    }

    private static RunReport read(Path dir, String name) throws IOException {
        return ReportFiles.parse(Files.readString(dir.resolve(name)));
    }
}
