package io.seqspark.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.PreprocessingFile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choice enums keep the job file's spellings wherever a value leaves Java: lookups, JSON, strings. */
class ConfigChoiceTest {
    @Test
    void lookupsUseTheJobFileSpelling() {
        assertEquals(Checkpoint.EVERY_EPOCH, ConfigChoice.lookup(Checkpoint.class, "every-epoch"));
        assertEquals(GradientClipBy.PARAM_TYPE, ConfigChoice.lookup(GradientClipBy.class, "param-type"));
        assertNull(ConfigChoice.lookup(Cell.class, "LSTM"), "the constant's name is not a spelling");
        assertArrayEquals(new String[]{"last", "mean", "max", "attention"}, ConfigChoice.keys(Head.class));
        assertEquals("box-cox", Transform.BOX_COX.toString());
    }

    /**
     * preprocessing.json holds the sequence, forecast and text specs: their choices are written as the spellings,
     * and a file written before the enums (the same spellings) reads back.
     */
    @Test
    void preprocessingJsonKeepsTheSpellings() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JobConfig.SequenceSpec sequence = new JobConfig.SequenceSpec("id", "t", List.of("y"), null, Scaling.MINMAX,
                null, 0, 0, Missing.FFILL, "1d", Gaps.FILL);
        JobConfig.ForecastSpec forecast = TestSpecs.forecast(List.of("y")).window(8, 2, 1).scalingScope("series")
                .windowOrigin("last").transform("box-cox").normalize("level").build();
        String written = json.writeValueAsString(
                PreprocessingFile.of(new Preprocessing.Forecasting(sequence, forecast, null)));
        for (String spelling : List.of("\"scaling\":\"minmax\"", "\"missing\":\"ffill\"", "\"gaps\":\"fill\"",
                "\"scalingScope\":\"series\"", "\"windowOrigin\":\"last\"", "\"transform\":\"box-cox\"",
                "\"normalize\":\"level\"")) {
            assertTrue(written.contains(spelling), spelling + " in " + written);
        }
        PreprocessingFile read = json.readValue(written, PreprocessingFile.class);
        assertEquals(sequence, read.sequence());
        assertEquals(forecast, read.forecast());

        String before = "{\"text\":{\"textColumn\":\"review\",\"labelColumn\":\"stars\",\"idColumn\":null,"
                + "\"tokenizer\":\"korean\",\"lowercase\":true,\"vocabSize\":100,\"minCount\":1,\"maxLength\":50,"
                + "\"encoding\":\"UTF-8\",\"invalid\":\"drop\"}}";
        JobConfig.TextSpec text = json.readValue(before, PreprocessingFile.class).text();
        assertEquals(Tokenizer.KOREAN, text.tokenizer());
        assertEquals(InvalidText.DROP, text.invalid());
    }
}
