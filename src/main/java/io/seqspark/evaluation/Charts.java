package io.seqspark.evaluation;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;

/** Charts for report.html, drawn by JFreeChart and embedded as inline SVG (the report needs no network). */
final class Charts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;

    private Charts() {
    }

    /** Training and validation loss per epoch. */
    static String lossCurves(List<Map<String, Object>> history) {
        XYSeries train = new XYSeries("train loss");
        XYSeries validation = new XYSeries("validation loss");
        for (Map<String, Object> h : history) {
            int epoch = ((Number) h.get("epoch")).intValue();
            addIfFinite(train, epoch, h.get("train_loss"));
            addIfFinite(validation, epoch, h.get("validation_loss"));
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

    private static void addIfFinite(XYSeries series, int epoch, Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            series.add(epoch, n.doubleValue());
        }
    }

    private static String svg(JFreeChart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement();
    }
}
