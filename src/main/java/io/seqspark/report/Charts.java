package io.seqspark.report;

import io.seqspark.vectorize.Quantiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Charts for report.html, drawn by JFreeChart and embedded as inline SVG (the report needs no network). */
final class Charts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;

    private Charts() {
    }

    /** Training and validation loss per epoch. */
    static String lossCurves(List<TrainingSummary.Epoch> history) {
        XYSeries train = new XYSeries("train loss");
        XYSeries validation = new XYSeries("validation loss");
        for (TrainingSummary.Epoch h : history) {
            addIfFinite(train, h.epoch(), h.trainLoss());
            addIfFinite(validation, h.epoch(), h.validationLoss());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        if (validation.getItemCount() > 0) {
            data.addSeries(validation);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Loss per epoch", "epoch", "loss", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        return svg(chart);
    }

    /**
     * A forecasting report's series: the actual values, and the model's and baselines' one-step-ahead forecasts
     * over the test period, with markers where the validation and test periods start. With quantile forecasts,
     * each central interval of the model is a shaded band behind the lines (wider intervals lighter).
     *
     * @param plot the report's forecast.plot section
     */
    static String forecast(ForecastSection.Plot plot) {
        XYSeries actual = new XYSeries("actual");
        int first = plot.firstStep();
        List<Double> values = plot.actual();
        for (int i = 0; i < values.size(); i++) {
            actual.add(first + i, values.get(i));
        }
        XYSeries model = new XYSeries("model");
        XYSeries naive = new XYSeries("naive");
        XYSeries seasonal = new XYSeries("seasonal naive");
        XYSeries ets = new XYSeries("exponential smoothing");
        List<Double> levels = plot.quantiles();
        List<int[]> intervals = levels == null ? List.of() : Quantiles.centralIntervals(levels);
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        for (int[] i : intervals) {
            bands.addSeries(new YIntervalSeries("model " + Quantiles.label(levels.get(i[0])) + "-"
                    + Quantiles.label(levels.get(i[1])) + " interval"));
        }
        for (ForecastSection.Point p : plot.oneStepForecasts()) {
            for (int b = 0; b < intervals.size() && p.quantiles() != null; b++) {
                bands.getSeries(b).add(p.step(), p.model(), p.quantiles().get(intervals.get(b)[0]),
                        p.quantiles().get(intervals.get(b)[1]));
            }
            model.add(p.step(), p.model());
            naive.add(p.step(), p.naive());
            if (p.seasonalNaive() != null) {
                seasonal.add(p.step(), p.seasonalNaive());
            }
            if (p.ets() != null) {
                ets.add(p.step(), p.ets());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(actual);
        data.addSeries(model);
        data.addSeries(naive);
        if (seasonal.getItemCount() > 0) {
            data.addSeries(seasonal);
        }
        if (ets.getItemCount() > 0) {
            data.addSeries(ets);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Forecast vs actual: " + plot.target(), "step",
                String.valueOf(plot.target()), data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot xy = chart.getXYPlot();
        xy.setBackgroundPaint(Color.WHITE);
        xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
        xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, Color.DARK_GRAY);
        r.setSeriesPaint(1, new Color(40, 120, 200));
        r.setSeriesPaint(2, new Color(220, 120, 40));
        r.setSeriesPaint(3, new Color(90, 170, 90));
        r.setSeriesPaint(4, new Color(150, 80, 170));
        r.setSeriesStroke(1, new BasicStroke(2f));
        xy.setRenderer(r);
        if (bands.getSeriesCount() > 0) {
            DeviationRenderer band = new DeviationRenderer(false, false);
            for (int b = 0; b < bands.getSeriesCount(); b++) {
                band.setSeriesFillPaint(b, new Color(40, 120, 200));
                band.setSeriesPaint(b, new Color(40, 120, 200));
            }
            band.setAlpha(0.15f); // overlapping bands: the inner (narrower) ones come out darker
            xy.setDataset(1, bands);
            xy.setRenderer(1, band);
            xy.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE); // bands behind the lines
        }
        xy.getRangeAxis().setAutoRange(true);
        ((NumberAxis) xy.getRangeAxis()).setAutoRangeIncludesZero(false);
        Map<String, Integer> markers = new LinkedHashMap<>();
        markers.put("validation start", plot.validationStart());
        markers.put("test start", plot.testStart());
        for (Map.Entry<String, Integer> marker : markers.entrySet()) {
            ValueMarker m = new ValueMarker(marker.getValue());
            m.setPaint(Color.GRAY);
            m.setLabel(marker.getKey());
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            xy.addDomainMarker(m);
        }
        return svg(chart);
    }

    /**
     * One metric of several forecasters against a whole-number position (a backtest's origins or horizon steps),
     * one line each; a missing value leaves a gap.
     *
     * @param lines per forecaster, the metric at positions 1, 2, ...
     */
    static String metricLines(String title, String xLabel, String metric, Map<String, List<Double>> lines) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<Double>> e : lines.entrySet()) {
            XYSeries series = new XYSeries(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++) {
                addIfFinite(series, i + 1, e.getValue().get(i));
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, metric, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainAxis(new NumberAxis(xLabel));
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(r);
        return svg(chart);
    }

    private static void addIfFinite(XYSeries series, int epoch, Double value) {
        if (value != null && Double.isFinite(value)) {
            series.add(epoch, value);
        }
    }

    private static String svg(JFreeChart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement();
    }
}
