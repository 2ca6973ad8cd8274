package io.seqspark.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.seqspark.config.ConfigLoader;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimators' params: named like the job-file keys, defaults from reference.conf, Spark ML copy semantics. */
class MlParamsTest {
    private static final Config REFERENCE = ConfigFactory.parseResources(ConfigLoader.REFERENCE_RESOURCE);
    /** How {@link ChoiceParam} lists the spellings at the end of a param's doc. */
    private static final java.util.regex.Pattern CHOICES = java.util.regex.Pattern.compile("[:;] one of (.+)$");

    @Test
    void everyParamKeyIsAJobFileKeyAndEveryOtherParamIsAnOutputColumn() {
        for (SeqSparkParams stage : List.of(new TextClassifier(), new SequenceForecaster(),
                new SequenceClassifier(), new LanguageModeler())) {
            for (Param<?> p : stage.params()) {
                String key = stage.jobKeys().get(p.name());
                if (key == null) {
                    assertTrue(List.of("predictionCol", "probabilityCol", "lossCol").contains(p.name()),
                            p.name() + " of " + stage.getClass().getSimpleName() + " has no job-file key");
                } else {
                    assertTrue(REFERENCE.hasPathOrNull(key), p.name() + " -> " + key + " is not in reference.conf");
                }
            }
            long outputs = java.util.Arrays.stream(stage.params())
                    .filter(p -> !stage.jobKeys().containsKey(p.name())).count();
            assertEquals(stage.jobKeys().size(), stage.params().length - outputs,
                    "every key has its param: " + stage.jobKeys().keySet());
        }
    }

    @Test
    void choiceParamsAcceptExactlyTheirEnumsSpellingsAndTheReferenceDefault() {
        int choiceParams = 0;
        for (SeqSparkParams stage : List.of(new TextClassifier(), new SequenceForecaster(),
                new SequenceClassifier(), new LanguageModeler())) {
            for (Param<?> p : stage.params()) {
                java.util.regex.Matcher listed = CHOICES.matcher(p.doc());
                if (!listed.find()) {
                    continue;
                }
                choiceParams++;
                @SuppressWarnings("unchecked")
                Param<String> choice = (Param<String>) p;
                String[] spellings = listed.group(1).split(" \\| ");
                for (String spelling : spellings) {
                    assertTrue(Boolean.TRUE.equals(choice.isValid().apply(spelling)), p.name() + " accepts " + spelling);
                }
                String key = stage.jobKeys().get(p.name());
                assertTrue(List.of(spellings).contains(REFERENCE.getString(key)),
                        key + "'s default " + REFERENCE.getString(key) + " is one of " + List.of(spellings));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> stage.set(choice, "no-such-choice"));
                assertTrue(e.getMessage().contains(p.name()) && e.getMessage().contains("no-such-choice"),
                        e.getMessage());
            }
        }
        // 7 shared by every estimator, 4 more of SequenceClassifier, 7 of SequenceForecaster, 4 of TextClassifier, 1 of
        // LanguageModeler
        assertEquals(7 * 4 + 4 + 7 + 4 + 1, choiceParams, "the choice params of the four estimators");
    }

    @Test
    void defaultsAreTheReferenceValues() {
        TextClassifier text = new TextClassifier();
        assertEquals(REFERENCE.getInt("training.epochs"), text.getEpochs());
        assertArrayEquals(new int[]{64}, text.getUnits());
        assertEquals("prediction", text.getPredictionCol());
        assertEquals("probability", text.getProbabilityCol());
        assertEquals(REFERENCE.getInt("text.max-length"), (int) text.getOrDefault(text.maxLength()));
        assertFalse(text.isDefined(text.textCol()), "text.text-column has no default");
        SequenceForecaster forecaster = new SequenceForecaster();
        assertArrayEquals(new String[0], forecaster.getTargetCols());
        assertEquals(REFERENCE.getInt("sequence.window.horizon"),
                (int) forecaster.getOrDefault(forecaster.horizon()));
    }

    @Test
    void settingsAreTheJobFileKeysOfEveryDefinedParam() {
        TextClassifier text = new TextClassifier().setTextCol("review").setUnits(8, 4).setSeed(3L)
                .setLearningRate(0.02);
        Map<String, Object> s = JobKeys.settings(text, text.jobKeys());
        assertEquals("review", s.get("text.text-column"));
        assertEquals(List.of(8, 4), s.get("model.units"));
        assertEquals(3L, s.get("training.seed"));
        assertEquals(0.02, s.get("training.learning-rate"));
        assertEquals(REFERENCE.getString("text.tokenizer"), s.get("text.tokenizer"), "defaults included");
        assertFalse(s.containsKey("text.label-column"), "unset and without default: left to the job file's rules");
        LanguageModeler lm = new LanguageModeler().setTextCol("chapter").setMaxLength(50).setTbpttLength(25);
        Map<String, Object> l = JobKeys.settings(lm, lm.jobKeys());
        assertEquals("chapter", l.get("text.text-column"));
        assertEquals(50, l.get("text.max-length"));
        assertEquals(25, l.get("training.tbptt-length"));
        assertEquals("loss", lm.getLossCol());
        Map<String, Object> f = JobKeys.settings(new SequenceForecaster().setTargetCols("a", "b"),
                new SequenceForecaster().jobKeys());
        assertEquals(List.of("a", "b"), f.get("sequence.target-columns"));
        SequenceForecaster options = new SequenceForecaster().setQuantiles(0.1, 0.9).setFutureCols("promo")
                .setGradientClip(1.0).setLearningRateSchedule("cosine").setWarmupEpochs(1).setEnsemble(3);
        Map<String, Object> o = JobKeys.settings(options, options.jobKeys());
        assertEquals(List.of(0.1, 0.9), o.get("model.quantiles"));
        assertEquals(List.of("promo"), o.get("sequence.future-columns"));
        assertEquals(1.0, o.get("training.gradient-clip.norm"));
        assertEquals("cosine", o.get("training.learning-rate-schedule"));
        assertEquals(1, o.get("training.warmup-epochs"));
        assertEquals(3, o.get("training.ensemble"));
        assertEquals(List.of(), JobKeys.settings(new SequenceForecaster(), options.jobKeys()).get("model.quantiles"),
                "reference default: point forecasts");
        TextClassifier pretrained = new TextClassifier().setPretrain(true).setPretrainWindow(3);
        Map<String, Object> t = JobKeys.settings(pretrained, pretrained.jobKeys());
        assertEquals(true, t.get("text.pretrain.enabled"));
        assertEquals(3, t.get("text.pretrain.window"));
        assertFalse(t.containsKey("text.pretrain.path"), "null in reference.conf: no default");
    }

    @Test
    void copyKeepsTheUidAndValuesAndAppliesExtraParams() {
        TextClassifier text = new TextClassifier().setTextCol("review").setEpochs(4);
        TextClassifier copy = text.copy(new ParamMap().put(text.epochs(), 7));
        assertNotSame(text, copy);
        assertEquals(text.uid(), copy.uid());
        assertEquals("review", copy.getTextCol());
        assertEquals(7, copy.getEpochs());
        assertEquals(4, text.getEpochs(), "the original is unchanged");
    }
}
