package io.seqspark.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** report.html's backtest section: where the origins lie, tables of each metric per origin and step, and charts. */
final class BacktestReport {
    private static final List<String> METRICS = List.of("rmse", "mae", "smape", "mase");

    private BacktestReport() {
    }

    static void render(StringBuilder h, BacktestSection b) {
        Map<String, BacktestSection.Forecaster> forecasters = b.forecasters();
        h.append("<h2>Rolling-origin backtest</h2>\n<p>").append(b.origins()).append(" origins per series, ")
                .append(b.step()).append(" step(s) apart, the last leaving the horizon (")
                .append(b.horizon()).append(" steps) to the end; refit = ").append(HtmlReport.esc(b.refit()))
                .append("; ").append(b.series()).append(" series, ").append(b.forecasts())
                .append(" forecasts");
        DataCounts.Skipped skipped = b.seriesSkipped();
        if (skipped != null && skipped.count() != 0) {
            h.append("; ").append(skipped.count()).append(" series skipped (")
                    .append(HtmlReport.esc(skipped.reason())).append(")");
        }
        if (b.forecastsBeforeTestPeriod() > 0) {
            h.append("; ").append(b.forecastsBeforeTestPeriod()).append(" forecasts from origins before the test period");
        }
        h.append(".</p>\n");

        h.append("<table><tr><th class=l></th><th colspan=").append(METRICS.size())
                .append(">overall</th><th></th></tr><tr><th class=l>forecaster</th>");
        METRICS.forEach(m -> h.append("<th>").append(m).append("</th>"));
        h.append("<th class=l>what it does</th></tr>");
        forecasters.forEach((name, f) -> {
            ForecastErrors overall = f.overall();
            h.append("<tr><td class=l>").append(HtmlReport.esc(name)).append("</td>");
            for (Double value : new Double[]{overall.rmse(), overall.mae(), overall.smape(), overall.mase()}) {
                h.append("<td>").append(HtmlReport.fmt(value)).append("</td>");
            }
            h.append("<td class=l>").append(HtmlReport.esc(f.description())).append("</td></tr>");
        });
        h.append("</table>\n");

        List<BacktestSection.OriginPosition> positions = b.originPositions();
        h.append("<p>RMSE and MAE per origin (index: the origin's first forecast step in the series).</p>\n")
                .append("<table><tr><th>origin</th><th>index</th><th>steps before end</th>");
        // refit = every-origin: how many windows the network trained on before each origin.
        List<Long> refitWindows = b.refitTrainingWindows();
        if (refitWindows != null) {
            h.append("<th>training windows</th>");
        }
        forecasters.keySet().forEach(f -> h.append("<th>").append(HtmlReport.esc(f)).append(" RMSE</th>"));
        forecasters.keySet().forEach(f -> h.append("<th>").append(HtmlReport.esc(f)).append(" MAE</th>"));
        h.append("</tr>");
        for (int i = 0; i < positions.size(); i++) {
            BacktestSection.OriginPosition p = positions.get(i);
            Integer first = p.firstIndex();
            Integer last = p.lastIndex();
            h.append("<tr><td>").append(p.origin()).append("</td><td>")
                    .append(first == null || first.equals(last) ? String.valueOf(first) : first + "-" + last)
                    .append("</td><td>").append(p.stepsBeforeEnd()).append("</td>");
            if (refitWindows != null) {
                h.append("<td>").append(refitWindows.get(i)).append("</td>");
            }
            int at = i;
            List<ForecastErrors> cells = forecasters.values().stream().map(f -> f.perOrigin().get(at)).toList();
            cells.forEach(e -> h.append("<td>").append(HtmlReport.fmt(e.rmse())).append("</td>"));
            cells.forEach(e -> h.append("<td>").append(HtmlReport.fmt(e.mae())).append("</td>"));
            h.append("</tr>");
        }
        h.append("</table>\n");
        h.append(Charts.metricLines("Backtest RMSE per origin", "origin", "RMSE",
                line(forecasters, BacktestSection.Forecaster::perOrigin))).append('\n');
        int horizon = b.horizon();
        if (horizon > 1) {
            h.append("<table><tr><th>horizon step</th>");
            forecasters.keySet().forEach(f -> h.append("<th>").append(HtmlReport.esc(f)).append(" RMSE</th>"));
            h.append("</tr>");
            for (int k = 0; k < horizon; k++) {
                int at = k;
                h.append("<tr><td>").append(k + 1).append("</td>");
                forecasters.values().forEach(f -> h.append("<td>").append(HtmlReport.fmt(
                        f.perStep().get(at).rmse())).append("</td>"));
                h.append("</tr>");
            }
            h.append("</table>\n");
            h.append(Charts.metricLines("Backtest RMSE per horizon step", "horizon step", "RMSE",
                    line(forecasters, BacktestSection.Forecaster::perStep))).append('\n');
        }
    }

    /** Each forecaster's RMSE along one of its lists (per origin, per step). */
    private static Map<String, List<Double>> line(Map<String, BacktestSection.Forecaster> forecasters,
                                                  Function<BacktestSection.Forecaster, List<ForecastErrors>> list) {
        Map<String, List<Double>> lines = new LinkedHashMap<>();
        forecasters.forEach((name, f) -> lines.put(name, list.apply(f).stream().map(ForecastErrors::rmse).toList()));
        return lines;
    }
}
