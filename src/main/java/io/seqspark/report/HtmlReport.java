package io.seqspark.report;

import org.apache.commons.text.StringEscapeUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.html: the contents of report.json laid out for people, with charts. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(RunReport report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>seqspark ").append(esc(report.job())).append(" / ")
                .append(esc(report.runId())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append("h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}")
                .append("</style></head><body>\n");
        h.append("<h1>seqspark run ").append(esc(report.job())).append(" / ").append(esc(report.runId()))
                .append("</h1>\n");

        DataCounts data = report.data();
        ModelSummary model = report.model();
        TrainingSummary training = report.training();
        h.append("<table>");
        row(h, "task", report.task());
        row(h, "status", report.status());
        row(h, "examples (train / validation / test)", data.trainExamples() + " / "
                + data.validationExamples() + " / " + data.testExamples());
        DataCounts.Skipped skipped = data.seriesSkipped();
        if (skipped != null && skipped.count() != 0) {
            row(h, "series skipped", skipped.count() + " (" + skipped.reason() + "), e.g. " + skipped.examples());
        }
        row(h, "model", model.cell() + " " + model.units()
                + (model.head() == null || "last".equals(model.head()) ? "" : ", " + model.head() + " head")
                + ", " + model.parameters() + " parameters");
        if (training != null) {
            row(h, "epochs", training.epochsCompleted());
            row(h, "workers", training.workers());
            row(h, "training time", fmt(training.wallSeconds()) + " s");
            row(h, "throughput", fmt(training.examplesPerSecond()) + " examples/s");
        }
        if (report.evaluatedModel() != null) {
            row(h, "evaluated model", report.evaluatedModel());
        }
        h.append("</table>\n");

        if (training != null) {
            h.append("<h2>Loss</h2>\n").append(Charts.lossCurves(training.history())).append('\n');
        }

        Scores test = report.testScores();
        h.append("<h2>Test metrics</h2>\n<table>");
        test.headline().forEach((key, value) -> row(h, key, value));
        h.append("</table>\n");
        if (test instanceof Scores.Forecast f && f.quantiles() != null) {
            quantiles(h, f.quantiles());
        }
        baselines(h, test, report.baselines());
        if (test instanceof Scores.Forecast f && f.perStep() != null) {
            perStep(h, f, report.baselines());
        }
        ForecastSection forecast = report.forecast();
        if (forecast != null) {
            ForecastSection.Plot plot = forecast.plot();
            h.append("<h2>Forecast vs actual</h2>\n<p>Series ").append(esc(plot.series())).append(", column ")
                    .append(esc(plot.target())).append(": one-step-ahead forecasts of every test window ")
                    .append("(lookback ").append(forecast.lookback()).append(", horizon ")
                    .append(forecast.horizon()).append(", scaling ").append(esc(forecast.scaling()))
                    .append(" per ").append(esc(forecast.scalingScope())).append(")")
                    .append(forecast.quantiles() != null ? "; shaded: the model's central intervals" : "")
                    .append(".</p>\n")
                    .append(Charts.forecast(plot)).append('\n');
        }
        if (report.backtest() != null) {
            BacktestReport.render(h, report.backtest());
        }
        if (test instanceof Scores.Classification c) {
            perClass(h, c.perClass());
            confusion(h, c.confusionMatrix());
        }
        TextSection text = report.text();
        if (text != null && text.embedding() != null) {
            h.append("<p>Token embedding: ").append(embeddingLine(text.embedding())).append("</p>\n");
        }
        if (text != null && text.sample() != null) {
            h.append("<h2>Sample text</h2>\n<p>Generated at temperature ").append(fmt(text.sample().temperature()))
                    .append(":</p>\n<pre style=\"white-space:pre-wrap;background:#f7f7f7;padding:1em\">")
                    .append(esc(text.sample().text())).append("</pre>\n");
        }
        if (test instanceof Scores.Classification c && c.misclassifiedExamples() != null) {
            misclassified(h, c.misclassifiedExamples());
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** report.json's text.embedding in words: where the embedding started, its coverage, frozen or trained. */
    static String embeddingLine(TextSection.Embedding embedding) {
        StringBuilder line = new StringBuilder();
        String source = embedding.source();
        line.append("random".equals(source) ? "random start" : "word2vec".equals(source)
                ? "pretrained with Word2Vec (text.pretrain)" : "loaded from " + esc(source));
        TextSection.Coverage coverage = embedding.coverage();
        if (coverage != null) {
            line.append(", ").append(coverage.vocabularyFound()).append(" of ")
                    .append(coverage.vocabularySize()).append(" vocabulary tokens covered (")
                    .append(String.format("%.1f", 100 * coverage.trainingOccurrences()))
                    .append("% of the training token occurrences)");
        }
        line.append(embedding.freeze() ? "; frozen during training" : "; trained");
        return line.toString();
    }

    /** The model's test metrics beside each baseline's, on the same test set; lower is better for errors. */
    private static void baselines(StringBuilder h, Scores model, Map<String, Scores> baselines) {
        if (baselines == null || baselines.isEmpty()) {
            return;
        }
        Map<String, Object> figures = model.comparable();
        h.append("<h2>Model and baselines (same test set)</h2>\n<table><tr><th class=l></th>");
        figures.keySet().forEach(c -> h.append("<th>").append(c).append("</th>"));
        h.append("<th class=l>what it does</th></tr><tr><td class=l><b>model</b></td>");
        figures.values().forEach(v -> h.append("<td><b>").append(fmt(v)).append("</b></td>"));
        h.append("<td class=l>the trained network</td></tr>");
        for (Map.Entry<String, Scores> b : baselines.entrySet()) {
            Map<String, Object> theirs = b.getValue().comparable();
            h.append("<tr><td class=l>").append(esc(b.getKey())).append("</td>");
            figures.keySet().forEach(c -> h.append("<td>").append(fmt(theirs.get(c))).append("</td>"));
            h.append("<td class=l>").append(esc(b.getValue().description())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Multi-step forecasts: RMSE and MAE per horizon step, the model's beside each baseline's. */
    private static void perStep(StringBuilder h, Scores.Forecast model, Map<String, Scores> baselines) {
        Map<String, List<ForecastErrors>> byForecaster = new LinkedHashMap<>();
        byForecaster.put("model", model.perStep());
        if (baselines != null) {
            baselines.forEach((name, b) -> {
                if (b instanceof Scores.Forecast f && f.perStep() != null) {
                    byForecaster.put(name, f.perStep());
                }
            });
        }
        h.append("<h2>Per horizon step (RMSE / MAE)</h2>\n<table><tr><th>step</th>");
        byForecaster.keySet().forEach(f -> h.append("<th>").append(esc(f)).append("</th>"));
        h.append("</tr>");
        int horizon = model.perStep().size();
        for (int k = 0; k < horizon; k++) {
            h.append("<tr><td>").append(k + 1).append("</td>");
            for (List<ForecastErrors> steps : byForecaster.values()) {
                ForecastErrors m = steps.get(k);
                h.append("<td>").append(fmt(m.rmse())).append(" / ").append(fmt(m.mae())).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
    }

    /** Quantile forecasts: each central interval's coverage against its nominal level, and each level's loss. */
    private static void quantiles(StringBuilder h, QuantileScores q) {
        h.append("<h2>Quantile forecasts</h2>\n<p>Levels ").append(esc(q.levels())).append("; the point forecast ")
                .append("is ").append(esc(q.pointForecast())).append(". Weighted quantile loss (GluonTS's ")
                .append("mean_wQuantileLoss) ").append(fmt(q.weightedQuantileLoss())).append(" over ")
                .append(q.values()).append(" forecast values; ").append(q.crossed())
                .append(" with crossing quantiles.</p>\n");
        if (!q.intervals().isEmpty()) {
            h.append("<table><tr><th class=l>central interval</th><th>nominal</th><th>coverage</th>")
                    .append("<th>mean width</th></tr>");
            for (QuantileScores.Interval i : q.intervals()) {
                // Levels as given (0.1, not 0.1000).
                h.append("<tr><td class=l>").append(esc(i.lower())).append(" - ").append(esc(i.upper()))
                        .append("</td><td>").append(esc(i.nominal())).append("</td><td>")
                        .append(fmt(i.coverage())).append("</td><td>").append(fmt(i.meanWidth()))
                        .append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("<table><tr><th class=l>level</th><th>share of actuals at or below</th>")
                .append("<th>weighted quantile loss</th></tr>");
        for (QuantileScores.Level l : q.perLevel()) {
            h.append("<tr><td class=l>").append(esc(l.level())).append("</td><td>")
                    .append(fmt(l.shareBelow())).append("</td><td>").append(fmt(l.weightedLoss()))
                    .append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Text jobs: a few test texts the model got wrong, with its confidence. */
    private static void misclassified(StringBuilder h, List<Scores.Misclassified> examples) {
        h.append("<h2>Misclassified test texts (a sample)</h2>\n<table><tr><th class=l>text</th>")
                .append("<th class=l>actual</th><th class=l>predicted</th><th>probability</th></tr>");
        for (Scores.Misclassified e : examples) {
            h.append("<tr><td class=l>").append(esc(e.text())).append("</td><td class=l>")
                    .append(esc(e.actual())).append("</td><td class=l>").append(esc(e.predicted()))
                    .append("</td><td>").append(fmt(e.probability())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void perClass(StringBuilder h, List<Scores.ClassScore> perClass) {
        h.append("<h2>Per class</h2>\n<table><tr><th class=l>label</th><th>precision</th><th>recall</th>")
                .append("<th>F1</th><th>support</th></tr>");
        for (Scores.ClassScore c : perClass) {
            h.append("<tr><td class=l>").append(esc(c.label())).append("</td><td>").append(fmt(c.precision()))
                    .append("</td><td>").append(fmt(c.recall())).append("</td><td>").append(fmt(c.f1()))
                    .append("</td><td>").append(c.support()).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Confusion matrix as a heat map: each cell shaded by its share of the actual class. */
    private static void confusion(StringBuilder h, Scores.ConfusionMatrix cm) {
        List<String> labels = cm.labels();
        List<List<Long>> counts = cm.counts();
        h.append("<h2>Confusion matrix</h2>\n<p>Rows: actual class; columns: predicted class.</p>\n<table><tr><th></th>");
        for (String l : labels) {
            h.append("<th>").append(esc(l)).append("</th>");
        }
        h.append("</tr>");
        for (int a = 0; a < labels.size(); a++) {
            long total = 0;
            for (long c : counts.get(a)) {
                total += c;
            }
            h.append("<tr><th class=l>").append(esc(labels.get(a))).append("</th>");
            for (int p = 0; p < labels.size(); p++) {
                double share = total == 0 ? 0 : counts.get(a).get(p) / (double) total;
                String color = a == p ? "40,120,200" : "220,60,40";
                h.append("<td style=\"background:rgba(").append(color).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", share * 0.85)).append(")\">")
                        .append(counts.get(a).get(p)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String name, Object value) {
        h.append("<tr><th class=l>").append(esc(name)).append("</th><td>")
                .append(value instanceof Double ? fmt(value) : esc(value)).append("</td></tr>");
    }

    static String fmt(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e12 ? String.valueOf((long) d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        return esc(value);
    }

    static String esc(Object value) {
        return StringEscapeUtils.escapeHtml4(String.valueOf(value));
    }
}
