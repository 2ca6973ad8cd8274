package io.seqspark.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqspark.storage.RunWriter;

import java.io.IOException;
import java.util.LinkedHashMap;
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

    /**
     * A report section whose keys keep the order given (key, value, key, value, ...). Not {@code Map.of}: its
     * iteration order is salted per JVM, so report.json's key order would change from run to run.
     */
    public static Map<String, Object> section(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs: " + keysAndValues.length);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Writes {@code report} as report.json and report.html into the run. */
    public static void write(RunWriter run, Map<String, Object> report) throws IOException {
        run.writeString(JSON_FILE, JSON.writeValueAsString(report));
        run.writeString(HTML_FILE, HtmlReport.render(report));
    }
}
