package io.seqspark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.json written from the typed records, read back into equal records, and report.html from them. */
class ReportFilesTest {
    private static final ObjectMapper TREE = new ObjectMapper();

    private static TrainingSummary training(TrainingSummary.GradientClip clip) {
        return new TrainingSummary(2, 3.5, 120.25, "spark", 2, 32, 1, "adam", 0.01, "none", 0, clip, 0.0,
                List.of(new TrainingSummary.Epoch(1, 0.01, 0.9, null, 1.5, 100),
                        new TrainingSummary.Epoch(2, 0.01, 0.7, null, 2.0, 140.5)),
                null, null, List.of(0.75, 1.5));
    }

    private static RunReport classification() {
        Scores.Classification test = new Scores.Classification(4, 0.75, 0.7333, 0.8,
                List.of(new Scores.ClassScore("a", 1, 0.5, 0.6667, 2), new Scores.ClassScore("b", 0.6667, 1, 0.8, 2)),
                Scores.ConfusionMatrix.of(List.of("a", "b"), new long[][]{{1, 1}, {0, 2}}),
                List.of(new Scores.Confusion("a", "b", 1)),
                List.of(new Scores.Misclassified("so-so", "a", "b", 0.61)));
        Map<String, Scores> baselines = Map.of("majority_class", new Scores.MajorityClass("always 'a'", 0.5));
        return new RunReport("job", "r1", "classification", RunReport.SUCCEEDED, null,
                DataCounts.of(10, 2, 4).withDropped(Map.of("empty", 1L), null),
                new ModelSummary("lstm", List.of(8), "last", 0.0, "standard", 300, List.of("a", "b"), null),
                training(new TrainingSummary.GradientClip(1.0, "param-type")), Metrics.of(test), baselines, null,
                null, new TextSection("word", 50, 20, 16, null, null, TextSection.Embedding.RANDOM, null));
    }

    private static RunReport forecast() {
        ForecastErrors none = ForecastErrors.of(null, null, null, null, 0);
        ForecastErrors some = ForecastErrors.of(1.5, 1.0, 12.5, null, 8);
        QuantileScores q = new QuantileScores(List.of(0.1, 0.5, 0.9), "the 0.5 quantile", 8, 0.2,
                List.of(new QuantileScores.Level(0.1, 0.1, 0.05, 0.125)),
                List.of(new QuantileScores.Interval(0.1, 0.9, 0.8, 0.75, 3.5)), 0);
        Scores.Forecast model = Scores.Forecast.of(some).withQuantiles(q).withPerStep(List.of(some.atStep(1)));
        Map<String, Scores> baselines = new LinkedHashMap<>();
        baselines.put("naive", Scores.Forecast.of(some).describedAs("repeats the last value"));
        baselines.put("ets", Scores.Forecast.of(none).withFits("ETS(A,N,N)", 10.0, 11.0, Map.of("ETS(A,N,N)", 1L),
                null));
        ForecastSection section = new ForecastSection(List.of("y"), List.of("y"), List.of(), List.of(), List.of(), 12,
                1, 1, 0, "end", 1, "standard", "series", 1, List.of(0.1, 0.5, 0.9), "box-cox", List.of(0.5), "none",
                1, new ForecastSection.Plot("s1", "y", 0, 40, 50, List.of(1.0, 2.0),
                List.of(new ForecastSection.Point(50, 2.0, 2.1, 1.9, null, 2.05, List.of(1.5, 2.1, 2.7))),
                List.of(0.1, 0.5, 0.9)));
        BacktestSection.Forecaster f = new BacktestSection.Forecaster("the network", some,
                List.of(some.atOrigin(1)), List.of(some.atStep(1)), List.of(List.of(some.atStep(1))));
        BacktestSection backtest = new BacktestSection(1, 1, "none", null, 1, 1,
                new DataCounts.Skipped(1, List.of("s9"), "too short"), 1, 0,
                List.of(new BacktestSection.OriginPosition(1, 1, null, null)), Map.of("model", f));
        return new RunReport("job", "r2", "forecast", RunReport.SUCCEEDED, null,
                DataCounts.of(30, 0, 8).withSeries(2, DataCounts.Skipped.NONE, DataCounts.Skipped.NONE),
                new ModelSummary("gru", List.of(16), "last", 0.0, "standard", 900, null, null),
                training(TrainingSummary.GradientClip.NONE),
                new Metrics(model, List.of(some.ofMember(1), some.ofMember(2))), baselines, section, backtest, null);
    }

    private static RunReport languageModel() {
        Scores.LanguageModel test = Scores.LanguageModel.of(1.5, 1000).withWindows("carried",
                Scores.LanguageModel.of(1.7, 900), "reset");
        return RunReport.evaluation("job", "r3", "language-model", "/models/lm", new RunReport.Evaluation(
                DataCounts.evaluated(3).withScored("every document").withDropped(Map.of("undecodable", 0L), null),
                new ModelSummary("lstm", List.of(64), null, null, null, 5000, null, 40), Metrics.of(test),
                Map.of("uniform", Scores.LanguageModel.of(3.7, 1000).describedAs("every id equally likely"))));
    }

    @Test
    void everyKindOfReportReadsBackEqual() throws Exception {
        for (RunReport report : List.of(classification(), forecast(), languageModel())) {
            String json = ReportFiles.json(report);
            RunReport read = ReportFiles.parse(json);
            assertEquals(report, read, json);
            assertEquals(json, ReportFiles.json(read));
        }
        // The kind of each scores object follows from its keys.
        assertInstanceOf(Scores.Classification.class, ReportFiles.parse(ReportFiles.json(classification())).testScores());
        assertInstanceOf(Scores.MajorityClass.class,
                ReportFiles.parse(ReportFiles.json(classification())).baselines().get("majority_class"));
        assertInstanceOf(Scores.Forecast.class, ReportFiles.parse(ReportFiles.json(forecast())).baselines().get("ets"));
        assertInstanceOf(Scores.LanguageModel.class,
                ReportFiles.parse(ReportFiles.json(languageModel())).baselines().get("uniform"));
    }

    @Test
    void keysAreSnakeCaseAndUnscoredErrorsAreExplicitNulls() throws Exception {
        JsonNode f = TREE.readTree(ReportFiles.json(forecast()));
        assertEquals(30, f.at("/data/train_examples").asInt());
        assertEquals(0, f.at("/data/series_skipped/count").asInt());
        assertFalse(f.at("/data/series_skipped").has("examples"), "no examples when nothing was skipped");
        assertTrue(f.at("/metrics/test/mase").isNull(), "MASE without a usable scale is written as null");
        assertTrue(f.at("/baselines/ets/rmse").isNull(), "nothing scored: null, not 0");
        assertEquals(1, f.at("/baselines/ets/models/ETS(A,N,N)").asInt());
        assertFalse(f.at("/baselines/ets").has("non_seasonal"));
        assertEquals(0.2, f.at("/metrics/test/weighted_quantile_loss").asDouble(), 0);
        assertEquals(2, f.at("/metrics/ensemble_members/1/member").asInt());
        assertFalse(f.at("/metrics/ensemble_members/1").has("step"));
        assertEquals("none", f.at("/training/gradient_clip").asText());
        assertTrue(f.at("/training/history/0/validation_loss").isNull(), "no validation split: null");
        assertTrue(f.at("/forecast/plot/one_step_forecasts/0/seasonal_naive").isNull());
        assertEquals(0.5, f.at("/forecast/box_cox_lambda/0").asDouble(), 0);
        assertTrue(f.at("/backtest/origin_positions/0/first_index").isNull());
        assertEquals(1, f.at("/backtest/forecasters/model/per_origin/0/origin").asInt());
        assertFalse(f.has("text") || f.has("evaluated_model"), "sections a task does not produce are left out");

        JsonNode c = TREE.readTree(ReportFiles.json(classification()));
        assertEquals(1.0, c.at("/training/gradient_clip/norm").asDouble(), 0);
        assertEquals("param-type", c.at("/training/gradient_clip/by").asText());
        assertEquals(2, c.at("/metrics/test/confusion_matrix/counts/1/1").asInt());
        assertEquals(0.7333, c.at("/metrics/test/f1_macro").asDouble(), 0);
        assertTrue(c.at("/text/embedding/coverage").isNull(), "random embeddings: coverage null");
        assertFalse(c.at("/text").has("sample"));
        JsonNode l = TREE.readTree(ReportFiles.json(languageModel()));
        assertEquals("/models/lm", l.at("/evaluated_model").asText());
        assertEquals("nats per token", l.at("/metrics/test/unit").asText());
        assertFalse(l.has("training"), "an evaluation has no training section");
    }

    @Test
    void olderAndNewerReportsRead() throws Exception {
        // A report with keys this version does not know (a newer seqspark's) still reads.
        String json = ReportFiles.json(languageModel()).replaceFirst("\\{", "{\"added_later\": 1,");
        assertEquals(languageModel(), ReportFiles.parse(json));
    }

    @Test
    void htmlShowsEachKindOfReport() {
        String c = HtmlReport.render(classification());
        assertTrue(c.contains("<h2>Confusion matrix</h2>") && c.contains("<h2>Per class</h2>"), c);
        assertTrue(c.contains("always &#39;a&#39;") || c.contains("always 'a'"), c);
        String f = HtmlReport.render(forecast());
        assertTrue(f.contains("<h2>Forecast vs actual</h2>") && f.contains("<h2>Rolling-origin backtest</h2>"), f);
        assertTrue(f.contains("<h2>Quantile forecasts</h2>") && f.contains("<svg"), f);
        String l = HtmlReport.render(languageModel());
        assertTrue(l.contains("<th class=l>perplexity</th>") && l.contains("evaluated model"), l);
    }

    @Test
    void htmlEscapesWhatUsersWrote() {
        // Job names, class labels and generated text come from users' files: markup in them must stay text.
        RunReport report = new RunReport("<script>x</script>", "a&b", "classification", RunReport.SUCCEEDED, null,
                DataCounts.of(1, 0, 1), new ModelSummary("lstm", List.of(4), null, null, null, 10, null, null), null,
                Metrics.of(new Scores.Classification(1, 1.0, 1.0, null, List.of(),
                        Scores.ConfusionMatrix.of(List.of(), new long[0][0]), null, null)), null, null, null,
                new TextSection("char", 3, null, null, 10, 0, null, new TextSection.Sample(0.8, "\"Tom\" <i>")));
        String html = HtmlReport.render(report);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt; / a&amp;b"), html);
        assertTrue(html.contains("&quot;Tom&quot; &lt;i&gt;"), html);
        assertFalse(html.contains("<script>") || html.contains("<i>"), html);
    }
}
