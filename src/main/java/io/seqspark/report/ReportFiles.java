package io.seqspark.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.storage.RunWriter;

import java.io.IOException;

/**
 * The one writer of a run's report: {@code report.json} for machines and {@code report.html} for people, both from
 * the same {@link RunReport} (train and evaluate runs of every task), and the one reader of report.json.
 */
public final class ReportFiles {
    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";
    /**
     * Record components in camelCase become report.json's snake_case keys; keys a newer seqspark added to a section
     * are ignored when an older one reads a report (a new kind of scores is not: it has no record here).
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportFiles() {
    }

    /** Writes {@code report} as report.json and report.html into the run. */
    public static void write(RunWriter run, RunReport report) throws IOException {
        run.writeString(JSON_FILE, json(report));
        run.writeString(HTML_FILE, HtmlReport.render(report));
    }

    /** report.json's text. */
    public static String json(RunReport report) throws IOException {
        return JSON.writeValueAsString(report);
    }

    /**
     * A report from report.json's text.
     *
     * @throws IOException when the text is not a report
     */
    public static RunReport parse(String json) throws IOException {
        return JSON.readValue(json, RunReport.class);
    }
}
