package io.seqspark.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.storage.RunWriter;

import java.io.IOException;
import java.util.Map;

/**
 * The one writer of a run's report: {@code report.json} for machines and {@code report.html} for people, both from
 * the same report (train and evaluate runs of every task).
 */
public final class ReportFiles {
    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {
    }

    /** Writes {@code report} as report.json and report.html into the run. */
    public static void write(RunWriter run, Map<String, Object> report) throws IOException {
        run.writeString(JSON_FILE, JSON.writeValueAsString(report));
        run.writeString(HTML_FILE, HtmlReport.render(report));
    }
}
