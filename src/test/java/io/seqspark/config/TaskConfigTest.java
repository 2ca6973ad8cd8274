package io.seqspark.config;

import io.seqspark.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each task's job-file rules (TaskConfig and its three subclasses) against every task: a key that one task reads
 * and another must not see is accepted by the first and refused, naming the key and the task, by the others.
 */
class TaskConfigTest {
    /** A valid job file of each task (classification: the embedded quickstart). */
    private static final String CLASSIFICATION = null;
    private static final String FORECAST = "conf/airline-passengers.conf";
    private static final String LANGUAGE_MODEL = "conf/tinyshakespeare.conf";

    static Stream<Arguments> rules() {
        return Stream.of(
                // override, refusing key, accepted by: classification, forecast, language-model
                Arguments.of("model.head=mean", "model.head: mean applies to classification only", true, false, false),
                Arguments.of("model.head=attention", "model.head: attention applies to classification only", true,
                        false, false),
                Arguments.of("split.by=time", "split.by: time applies to task = forecast or language-model only",
                        false, true, true),
                Arguments.of("split.by=random", "split.by: random does not apply to task = ", true, false, false),
                Arguments.of("split.test=0", "split.test: must be above 0 for task = ", true, false, false),
                Arguments.of("model.quantiles=[0.1,0.5,0.9]", "model.quantiles: applies to task = forecast only",
                        false, true, false),
                Arguments.of("training.ensemble=3", "training.ensemble: applies to task = forecast only", false, true,
                        false),
                Arguments.of("sequence.calendar=[month]", "sequence.calendar: applies to task = forecast only", false,
                        true, false),
                Arguments.of("training.class-weights=balanced",
                        "training.class-weights: balanced applies to task = classification only", true, false, false),
                Arguments.of("backtest.origins=2", "backtest.origins: applies to task = forecast only", false, true,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachTaskAcceptsItsOwnKeysAndRefusesTheOthers(String set, String refusal, boolean classification,
                                                       boolean forecast, boolean languageModel) {
        check(CLASSIFICATION, "classification", set, refusal, classification);
        check(FORECAST, "forecast", set, refusal, forecast);
        check(LANGUAGE_MODEL, "language-model", set, refusal, languageModel);
    }

    /** A misspelt task is one error naming the tasks; the other keys are still checked (as classification). */
    @Test
    void aMisspeltTaskIsNamedAndTheOtherKeysAreStillChecked() {
        UserError e = assertThrows(UserError.class,
                () -> ConfigLoader.load(null, List.of("task=forcast", "training.ensemble=3")));
        assertTrue(e.getMessage().contains("(2 problems)"), e.getMessage());
        assertTrue(e.getMessage().contains("task: expected one of classification | forecast | language-model, found "
                + "\"forcast\""), e.getMessage());
        assertTrue(e.getMessage().contains("training.ensemble: applies to task = forecast only (found task = forcast"),
                e.getMessage());
    }

    private static void check(String conf, String task, String set, String refusal, boolean accepted) {
        if (accepted) {
            assertDoesNotThrow(() -> ConfigLoader.load(conf, List.of(set)), task + " accepts " + set);
            return;
        }
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(conf, List.of(set)),
                task + " refuses " + set);
        assertTrue(e.getMessage().contains(refusal), task + ", " + set + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("task = " + task) || e.getMessage().contains("classification only")
                        || e.getMessage().contains("forecast or language-model only"),
                "the message says which task: " + e.getMessage());
    }
}
