package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quickstart with the other recurrent models, trained by parameter averaging on 2 workers in local[2]: GRU,
 * bidirectional LSTM and an LSTM whose cell state feeds the classifier. Each must reach 90% test accuracy.
 */
class ModelVariantsIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gru, model.cell=gru, gru", "bidirectional-lstm, model.bidirectional=true, lstm",
            "lstm-cell-output, model.output=cell, lstm"})
    void quickstartVariantReachesNinetyPercent(String runId, String setting, String cell, @TempDir Path out)
            throws Exception {
        assertEquals(0, Main.execute("train", "--master", "local[2]", "--run-id", runId, "--set", "job.output=" + out,
                "--set", "spark.conf.\"spark.ui.enabled\"=false", "--set", setting));
        JsonNode report = RunReports.completeClassificationRun(out.resolve("quickstart").resolve(runId));
        assertEquals(cell, report.get("model").get("cell").asText());
        assertEquals(2, report.get("training").get("workers").asInt());
        double accuracy = report.get("metrics").get("test").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, runId + " test accuracy " + accuracy);
    }
}
