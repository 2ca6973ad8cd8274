package io.seqspark.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** report.html's backtest section: where the origins lie, tables of each metric per origin and step, and charts. */
final class BacktestReport {
    private static final List<String> METRICS = List.of("rmse", "mae", "smape", "mase");

    private BacktestReport() {
    }

    @SuppressWarnings("unchecked")
    static void render(StringBuilder h, Map<String, Object> b) {
        Map<String, Map<String, Object>> forecasters = (Map<String, Map<String, Object>>) b.get("forecasters");
        h.append("<h2>Rolling-origin backtest</h2>\n<p>").append(b.get("origins")).append(" origins per series, ")
                .append(b.get("step")).append(" step(s) apart, the last leaving the horizon (")
                .append(b.get("horizon")).append(" steps) to the end; refit = ").append(HtmlReport.esc(b.get("refit")))
                .append("; ").append(b.get("series")).append(" series, ").append(b.get("forecasts"))
                .append(" forecasts");
        if (b.get("series_skipped") instanceof Map<?, ?> skipped && !Long.valueOf(0).equals(skipped.get("count"))) {
            h.append("; ").append(skipped.get("count")).append(" series skipped (")
                    .append(HtmlReport.esc(skipped.get("reason"))).append(")");
        }
        if (b.get("forecasts_before_test_period") instanceof Number n && n.longValue() > 0) {
            h.append("; ").append(n).append(" forecasts from origins before the test period");
        }
        h.append(".</p>\n");

        h.append("<table><tr><th class=l></th><th colspan=").append(METRICS.size())
                .append(">overall</th><th></th></tr><tr><th class=l>forecaster</th>");
        METRICS.forEach(m -> h.append("<th>").append(m).append("</th>"));
        h.append("<th class=l>what it does</th></tr>");
        forecasters.forEach((name, f) -> {
            Map<String, Object> overall = (Map<String, Object>) f.get("overall");
            h.append("<tr><td class=l>").append(HtmlReport.esc(name)).append("</td>");
            METRICS.forEach(m -> h.append("<td>").append(HtmlReport.fmt(overall.get(m))).append("</td>"));
            h.append("<td class=l>").append(HtmlReport.esc(f.get("description"))).append("</td></tr>");
        });
        h.append("</table>\n");

        List<Map<String, Object>> positions = (List<Map<String, Object>>) b.get("origin_positions");
        h.append("<p>RMSE and MAE per origin (index: the origin's first forecast step in the series).</p>\n")
                .append("<table><tr><th>origin</th><th>index</th><th>steps before end</th>");
        // refit = every-origin: how many windows the network trained on before each origin.
        List<Object> refitWindows = (List<Object>) b.get("refit_training_windows");
        if (refitWindows != null) {
            h.append("<th>training windows</th>");
        }
        forecasters.keySet().forEach(f -> h.append("<th>").append(HtmlReport.esc(f)).append(" RMSE</th>"));
        forecasters.keySet().forEach(f -> h.append("<th>").append(HtmlReport.esc(f)).append(" MAE</th>"));
        h.append("</tr>");
        for (int i = 0; i < positions.size(); i++) {
            Map<String, Object> p = positions.get(i);
            Object first = p.get("first_index");
            Object last = p.get("last_index");
            h.append("<tr><td>").append(p.get("origin")).append("</td><td>")
                    .append(first == null || first.equals(last) ? String.valueOf(first) : first + "-" + last)
                    .append("</td><td>").append(p.get("steps_before_end")).append("</td>");
            if (refitWindows != null) {
                h.append("<td>").append(refitWindows.get(i)).append("</td>");
            }
            int at = i;
            for (String metric : List.of("rmse", "mae")) {
                forecasters.values().forEach(f -> h.append("<td>").append(HtmlReport.fmt(
                        ((List<Map<String, Object>>) f.get("per_origin")).get(at).get(metric))).append("</td>"));
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
        h.append(Charts.metricLines("Backtest RMSE per origin", "origin", "RMSE", line(forecasters, "per_origin")))
                .append('\n');
        int horizon = ((Number) b.get("horizon")).intValue();
        if (horizon > 1) {
            h.append("<table><tr><th>horizon step</th>");
            forecasters.keySet().forEach(f -> h.append("<th>").append(HtmlReport.esc(f)).append(" RMSE</th>"));
            h.append("</tr>");
            for (int k = 0; k < horizon; k++) {
                int at = k;
                h.append("<tr><td>").append(k + 1).append("</td>");
                forecasters.values().forEach(f -> h.append("<td>").append(HtmlReport.fmt(
                        ((List<Map<String, Object>>) f.get("per_step")).get(at).get("rmse"))).append("</td>"));
                h.append("</tr>");
            }
            h.append("</table>\n");
            h.append(Charts.metricLines("Backtest RMSE per horizon step", "horizon step", "RMSE",
                    line(forecasters, "per_step"))).append('\n');
        }
    }

    /** Each forecaster's RMSE along one of its lists (per_origin, per_step). */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Double>> line(Map<String, Map<String, Object>> forecasters, String list) {
        Map<String, List<Double>> lines = new LinkedHashMap<>();
        forecasters.forEach((name, f) -> {
            List<Double> values = new ArrayList<>();
            for (Map<String, Object> e : (List<Map<String, Object>>) f.get(list)) {
                values.add(e.get("rmse") instanceof Number n ? n.doubleValue() : null);
            }
            lines.put(name, values);
        });
        return lines;
    }
}
