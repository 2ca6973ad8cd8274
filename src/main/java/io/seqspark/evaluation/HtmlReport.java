package io.seqspark.evaluation;

import org.apache.commons.text.StringEscapeUtils;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.html: the contents of report.json laid out for people, with charts. */
public final class HtmlReport {
    private HtmlReport() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>seqspark ").append(esc(report.get("job"))).append(" / ")
                .append(esc(report.get("run_id"))).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append("h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}")
                .append("</style></head><body>\n");
        h.append("<h1>seqspark run ").append(esc(report.get("job"))).append(" / ").append(esc(report.get("run_id")))
                .append("</h1>\n");

        Map<String, Object> data = (Map<String, Object>) report.get("data");
        Map<String, Object> model = (Map<String, Object>) report.get("model");
        Map<String, Object> training = (Map<String, Object>) report.get("training");
        h.append("<table>");
        row(h, "task", report.get("task"));
        row(h, "status", report.get("status"));
        row(h, "examples (train / validation / test)", data.get("train_examples") + " / "
                + data.get("validation_examples") + " / " + data.get("test_examples"));
        if (data.get("series_skipped") instanceof Map<?, ?> skipped && !Long.valueOf(0).equals(skipped.get("count"))) {
            row(h, "series skipped", skipped.get("count") + " (" + skipped.get("reason") + "), e.g. "
                    + skipped.get("examples"));
        }
        row(h, "model", model.get("cell") + " " + model.get("units")
                + (model.get("head") == null || "last".equals(model.get("head")) ? "" : ", " + model.get("head") + " head")
                + ", " + model.get("parameters") + " parameters");
        if (training != null) {
            row(h, "epochs", training.get("epochs_completed"));
            row(h, "workers", training.get("workers"));
            row(h, "training time", fmt(training.get("wall_seconds")) + " s");
            row(h, "throughput", fmt(training.get("examples_per_second")) + " examples/s");
        }
        if (report.containsKey("evaluated_model")) {
            row(h, "evaluated model", report.get("evaluated_model"));
        }
        h.append("</table>\n");

        if (training != null) {
            List<Map<String, Object>> history = (List<Map<String, Object>>) training.get("history");
            h.append("<h2>Loss</h2>\n").append(Charts.lossCurves(history)).append('\n');
        }

        Map<String, Object> metrics = (Map<String, Object>) ((Map<String, Object>) report.get("metrics")).get("test");
        h.append("<h2>Test metrics</h2>\n<table>");
        for (String key : List.of("examples", "accuracy", "f1_macro", "auc", "rmse", "mae", "smape", "mase",
                "weighted_quantile_loss", "loss", "perplexity", "tokens", "context", "window_loss", "window_perplexity", "window_context")) {
            if (metrics.containsKey(key)) {
                row(h, key, metrics.get(key));
            }
        }
        h.append("</table>\n");
        if (metrics.get("quantiles") instanceof Map<?, ?> q) {
            quantiles(h, (Map<String, Object>) q);
        }
        baselines(h, metrics, (Map<String, Object>) report.get("baselines"));
        if (metrics.get("per_step") instanceof List<?>) {
            perStep(h, metrics, (Map<String, Object>) report.get("baselines"));
        }
        Map<String, Object> forecast = (Map<String, Object>) report.get("forecast");
        if (forecast != null) {
            Map<String, Object> plot = (Map<String, Object>) forecast.get("plot");
            h.append("<h2>Forecast vs actual</h2>\n<p>Series ").append(esc(plot.get("series"))).append(", column ")
                    .append(esc(plot.get("target"))).append(": one-step-ahead forecasts of every test window ")
                    .append("(lookback ").append(forecast.get("lookback")).append(", horizon ")
                    .append(forecast.get("horizon")).append(", scaling ").append(esc(forecast.get("scaling")))
                    .append(" per ").append(esc(forecast.get("scaling_scope"))).append(")")
                    .append(forecast.containsKey("quantiles") ? "; shaded: the model's central intervals" : "")
                    .append(".</p>\n")
                    .append(Charts.forecast(plot)).append('\n');
        }
        if (report.get("backtest") instanceof Map<?, ?> backtest) {
            BacktestReport.render(h, (Map<String, Object>) backtest);
        }
        if (metrics.containsKey("per_class")) {
            perClass(h, (List<Map<String, Object>>) metrics.get("per_class"));
            confusion(h, (Map<String, Object>) metrics.get("confusion_matrix"));
        }
        Map<String, Object> text = (Map<String, Object>) report.get("text");
        if (text != null && text.get("embedding") instanceof Map<?, ?> embedding) {
            h.append("<p>Token embedding: ").append(embeddingLine((Map<String, Object>) embedding)).append("</p>\n");
        }
        if (text != null && text.get("sample") instanceof Map<?, ?> sample) {
            h.append("<h2>Sample text</h2>\n<p>Generated at temperature ").append(fmt(sample.get("temperature")))
                    .append(":</p>\n<pre style=\"white-space:pre-wrap;background:#f7f7f7;padding:1em\">")
                    .append(esc(sample.get("text"))).append("</pre>\n");
        }
        if (metrics.containsKey("misclassified_examples")) {
            misclassified(h, (List<Map<String, Object>>) metrics.get("misclassified_examples"));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** report.json's text.embedding in words: where the embedding started, its coverage, frozen or trained. */
    @SuppressWarnings("unchecked")
    static String embeddingLine(Map<String, Object> embedding) {
        StringBuilder line = new StringBuilder();
        Object source = embedding.get("source");
        line.append("random".equals(source) ? "random start" : "word2vec".equals(source)
                ? "pretrained with Word2Vec (text.pretrain)" : "loaded from " + esc(source));
        if (embedding.get("coverage") instanceof Map<?, ?> c) {
            Map<String, Object> coverage = (Map<String, Object>) c;
            line.append(", ").append(coverage.get("vocabulary_found")).append(" of ")
                    .append(coverage.get("vocabulary_size")).append(" vocabulary tokens covered (")
                    .append(String.format("%.1f", 100 * ((Number) coverage.get("training_occurrences")).doubleValue()))
                    .append("% of the training token occurrences)");
        }
        line.append(Boolean.TRUE.equals(embedding.get("freeze")) ? "; frozen during training" : "; trained");
        return line.toString();
    }

    /** The model's test metrics beside each baseline's, on the same test set; lower is better for errors. */
    @SuppressWarnings("unchecked")
    private static void baselines(StringBuilder h, Map<String, Object> metrics, Map<String, Object> baselines) {
        if (baselines == null || baselines.isEmpty()) {
            return;
        }
        List<String> columns = List.of("accuracy", "rmse", "mae", "smape", "mase", "loss", "perplexity").stream()
                .filter(metrics::containsKey).toList();
        h.append("<h2>Model and baselines (same test set)</h2>\n<table><tr><th class=l></th>");
        columns.forEach(c -> h.append("<th>").append(c).append("</th>"));
        h.append("<th class=l>what it does</th></tr><tr><td class=l><b>model</b></td>");
        columns.forEach(c -> h.append("<td><b>").append(fmt(metrics.get(c))).append("</b></td>"));
        h.append("<td class=l>the trained network</td></tr>");
        for (Map.Entry<String, Object> b : baselines.entrySet()) {
            Map<String, Object> m = (Map<String, Object>) b.getValue();
            h.append("<tr><td class=l>").append(esc(b.getKey())).append("</td>");
            columns.forEach(c -> h.append("<td>").append(fmt(m.get(c))).append("</td>"));
            h.append("<td class=l>").append(esc(m.get("description"))).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Multi-step forecasts: RMSE and MAE per horizon step, the model's beside each baseline's. */
    @SuppressWarnings("unchecked")
    private static void perStep(StringBuilder h, Map<String, Object> metrics, Map<String, Object> baselines) {
        Map<String, List<Map<String, Object>>> byForecaster = new java.util.LinkedHashMap<>();
        byForecaster.put("model", (List<Map<String, Object>>) metrics.get("per_step"));
        if (baselines != null) {
            baselines.forEach((name, b) -> {
                if (b instanceof Map<?, ?> m && m.get("per_step") instanceof List<?> steps) {
                    byForecaster.put(name, (List<Map<String, Object>>) steps);
                }
            });
        }
        h.append("<h2>Per horizon step (RMSE / MAE)</h2>\n<table><tr><th>step</th>");
        byForecaster.keySet().forEach(f -> h.append("<th>").append(esc(f)).append("</th>"));
        h.append("</tr>");
        int horizon = byForecaster.get("model").size();
        for (int k = 0; k < horizon; k++) {
            h.append("<tr><td>").append(k + 1).append("</td>");
            for (List<Map<String, Object>> steps : byForecaster.values()) {
                Map<String, Object> m = steps.get(k);
                h.append("<td>").append(fmt(m.get("rmse"))).append(" / ").append(fmt(m.get("mae"))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
    }

    /** Quantile forecasts: each central interval's coverage against its nominal level, and each level's loss. */
    @SuppressWarnings("unchecked")
    private static void quantiles(StringBuilder h, Map<String, Object> q) {
        h.append("<h2>Quantile forecasts</h2>\n<p>Levels ").append(esc(q.get("levels"))).append("; the point forecast ")
                .append("is ").append(esc(q.get("point_forecast"))).append(". Weighted quantile loss (GluonTS's ")
                .append("mean_wQuantileLoss) ").append(fmt(q.get("weighted_quantile_loss"))).append(" over ")
                .append(q.get("values")).append(" forecast values; ").append(q.get("crossed"))
                .append(" with crossing quantiles.</p>\n");
        List<Map<String, Object>> intervals = (List<Map<String, Object>>) q.get("intervals");
        if (!intervals.isEmpty()) {
            h.append("<table><tr><th class=l>central interval</th><th>nominal</th><th>coverage</th>")
                    .append("<th>mean width</th></tr>");
            for (Map<String, Object> i : intervals) {
                // Levels as given (0.1, not 0.1000).
                h.append("<tr><td class=l>").append(esc(i.get("lower"))).append(" - ").append(esc(i.get("upper")))
                        .append("</td><td>").append(esc(i.get("nominal"))).append("</td><td>")
                        .append(fmt(i.get("coverage"))).append("</td><td>").append(fmt(i.get("mean_width")))
                        .append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("<table><tr><th class=l>level</th><th>share of actuals at or below</th>")
                .append("<th>weighted quantile loss</th></tr>");
        for (Map<String, Object> l : (List<Map<String, Object>>) q.get("per_level")) {
            h.append("<tr><td class=l>").append(esc(l.get("level"))).append("</td><td>")
                    .append(fmt(l.get("share_below"))).append("</td><td>").append(fmt(l.get("weighted_loss")))
                    .append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Text jobs: a few test texts the model got wrong, with its confidence. */
    private static void misclassified(StringBuilder h, List<Map<String, Object>> examples) {
        h.append("<h2>Misclassified test texts (a sample)</h2>\n<table><tr><th class=l>text</th>")
                .append("<th class=l>actual</th><th class=l>predicted</th><th>probability</th></tr>");
        for (Map<String, Object> e : examples) {
            h.append("<tr><td class=l>").append(esc(e.get("text"))).append("</td><td class=l>")
                    .append(esc(e.get("actual"))).append("</td><td class=l>").append(esc(e.get("predicted")))
                    .append("</td><td>").append(fmt(e.get("probability"))).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void perClass(StringBuilder h, List<Map<String, Object>> perClass) {
        h.append("<h2>Per class</h2>\n<table><tr><th class=l>label</th><th>precision</th><th>recall</th>")
                .append("<th>F1</th><th>support</th></tr>");
        for (Map<String, Object> c : perClass) {
            h.append("<tr><td class=l>").append(esc(c.get("label"))).append("</td><td>").append(fmt(c.get("precision")))
                    .append("</td><td>").append(fmt(c.get("recall"))).append("</td><td>").append(fmt(c.get("f1")))
                    .append("</td><td>").append(c.get("support")).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    /** Confusion matrix as a heat map: each cell shaded by its share of the actual class. */
    @SuppressWarnings("unchecked")
    private static void confusion(StringBuilder h, Map<String, Object> cm) {
        List<String> labels = (List<String>) cm.get("labels");
        long[][] counts = (long[][]) cm.get("counts");
        h.append("<h2>Confusion matrix</h2>\n<p>Rows: actual class; columns: predicted class.</p>\n<table><tr><th></th>");
        for (String l : labels) {
            h.append("<th>").append(esc(l)).append("</th>");
        }
        h.append("</tr>");
        for (int a = 0; a < labels.size(); a++) {
            long total = 0;
            for (long c : counts[a]) {
                total += c;
            }
            h.append("<tr><th class=l>").append(esc(labels.get(a))).append("</th>");
            for (int p = 0; p < labels.size(); p++) {
                double share = total == 0 ? 0 : counts[a][p] / (double) total;
                String color = a == p ? "40,120,200" : "220,60,40";
                h.append("<td style=\"background:rgba(").append(color).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", share * 0.85)).append(")\">")
                        .append(counts[a][p]).append("</td>");
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
