package io.seqspark.vectorize;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.config.InvalidText;
import io.seqspark.config.JobConfig;
import io.seqspark.config.Missing;
import io.seqspark.config.Scaling;
import io.seqspark.config.TestSpecs;
import io.seqspark.config.Tokenizer;
import io.seqspark.vectorize.text.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * preprocessing.json: each task's kind of {@link Preprocessing} is written in the one flat layout every seqspark
 * version wrote and reads back as the same kind with equal parts; files in that layout read as the kind their parts
 * say; parts that fit no task are refused, naming what is missing.
 */
public class PreprocessingFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JobConfig.SequenceSpec STEPS = new JobConfig.SequenceSpec("id", "t", List.of("a", "b"), "y",
            Scaling.STANDARD, null, 0, 0, Missing.ERROR);
    private static final JobConfig.TextSpec TEXT = new JobConfig.TextSpec("review", "stars", null, Tokenizer.WORD,
            true, 100, 1, 50, "UTF-8", InvalidText.DROP);
    private static final LabelIndex LABELS = new LabelIndex(List.of("neg", "pos"), List.of(40L, 60L));
    private static final Vocabulary VOCABULARY = new Vocabulary(List.of("<pad>", "<unk>", "good", "bad"));

    /** One of each kind, with real parts: sequence classification, forecasting, text classification, language. */
    public static List<Preprocessing> everyKind() {
        JobConfig.SequenceSpec series = new JobConfig.SequenceSpec(null, "t", List.of("y"), null, Scaling.MINMAX,
                null, 0, 0, Missing.FFILL);
        return List.of(
                new Preprocessing.SequenceClassification(STEPS, LABELS, FeatureScaler.fit("none", null, 2)),
                new Preprocessing.Forecasting(series, TestSpecs.forecast(List.of("y")).build(),
                        new SeriesScalers(FeatureScaler.fit("none", null, 1), Map.of())),
                new Preprocessing.TextClassification(TEXT, VOCABULARY, LABELS),
                new Preprocessing.LanguageModelling(TEXT, VOCABULARY));
    }

    @Test
    void everyKindReadsBackAsItself() throws Exception {
        for (Preprocessing p : everyKind()) {
            String written = JSON.writeValueAsString(PreprocessingFile.of(p));
            Preprocessing read = JSON.readValue(written, PreprocessingFile.class).preprocessing();
            assertEquals(p.getClass(), read.getClass(), written);
            assertEquals(written, JSON.writeValueAsString(PreprocessingFile.of(read)), "the same parts");
            for (String key : List.of("sequence", "forecast", "labels", "scaler", "seriesScalers", "text",
                    "vocabulary")) {
                assertTrue(written.contains("\"" + key + "\":"), "every part written, null or not: " + key);
            }
        }
        Preprocessing.TextClassification text = (Preprocessing.TextClassification) JSON.readValue(
                JSON.writeValueAsString(PreprocessingFile.of(everyKind().get(2))), PreprocessingFile.class)
                .preprocessing();
        assertEquals(TEXT, text.text());
        assertEquals(VOCABULARY, text.vocabulary());
        assertEquals(LABELS, text.labels());
    }

    /** The layout of model folders written before the kinds: parts left out or null. */
    @Test
    void filesOfEarlierVersionsReadAsTheirKind() throws Exception {
        String labels = "\"labels\":{\"labels\":[\"neg\",\"pos\"],\"counts\":[40,60]}";
        String text = "\"text\":{\"textColumn\":null,\"labelColumn\":null,\"idColumn\":null,\"tokenizer\":\"char\","
                + "\"lowercase\":false,\"vocabSize\":256,\"minCount\":1,\"maxLength\":200,\"encoding\":\"UTF-8\","
                + "\"invalid\":\"error\"}";
        String vocabulary = "\"vocabulary\":{\"tokens\":[\"a\",\"b\"]}";
        assertInstanceOf(Preprocessing.LanguageModelling.class, read("{" + text + "," + vocabulary
                + ",\"labels\":null,\"forecast\":null}"));
        assertInstanceOf(Preprocessing.TextClassification.class, read("{" + text + "," + vocabulary + "," + labels
                + "}"));
        Preprocessing steps = read("{\"sequence\":" + JSON.writeValueAsString(STEPS) + "," + labels
                + ",\"scaler\":null}");
        assertInstanceOf(Preprocessing.SequenceClassification.class, steps);
        assertEquals(STEPS, ((Preprocessing.SequenceClassification) steps).sequence());
    }

    @Test
    void partsThatFitNoTaskAreRefusedNamingWhatIsMissing() {
        assertEquals("it has no text (or labels)", assertThrows(IllegalArgumentException.class,
                () -> read("{}")).getMessage());
        assertEquals("it has no vocabulary", assertThrows(IllegalArgumentException.class,
                () -> read("{\"text\":" + JSON.valueToTree(TEXT) + ",\"labels\":{\"labels\":[\"a\"],"
                        + "\"counts\":[1]}}")).getMessage());
        assertEquals("it has no seriesScalers", assertThrows(IllegalArgumentException.class,
                () -> read("{\"sequence\":" + JSON.valueToTree(STEPS) + ",\"forecast\":"
                        + JSON.valueToTree(TestSpecs.forecast(List.of("y")).build()) + "}")).getMessage());
    }

    private static Preprocessing read(String json) throws Exception {
        return JSON.readValue(json, PreprocessingFile.class).preprocessing();
    }
}
