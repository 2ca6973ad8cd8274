package io.seqspark.notebook;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

import java.awt.Color;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Shows things in the running notebook: a JFreeChart as a PNG image, or HTML. */
public final class Show {
    private Show() {
    }

    public static void chart(JFreeChart chart) {
        chart(chart, 720, 360);
    }

    public static void chart(JFreeChart chart, int width, int height) {
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        try {
            byte[] png = ChartUtils.encodeAsPNG(chart.createBufferedImage(width, height));
            DisplayData data = new DisplayData("chart: " + chart.getTitle().getText());
            data.putData("image/png", Base64.getEncoder().encodeToString(png));
            display(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void html(String html) {
        DisplayData data = new DisplayData(html.replaceAll("<[^>]+>", " "));
        data.putData("text/html", html);
        display(data);
    }

    private static void display(DisplayData data) {
        BaseKernel kernel = BaseKernel.notebookKernel();
        if (kernel == null) {
            throw new IllegalStateException("Show works inside a notebook run by io.seqspark.notebook.NotebookKernel");
        }
        kernel.display(data);
    }
}
