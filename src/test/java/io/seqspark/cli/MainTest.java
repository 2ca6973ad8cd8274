package io.seqspark.cli;

import io.seqspark.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();
    @RegisterExtension
    final CapturedOutput out = CapturedOutput.stdout();

    private String err() {
        return err.text();
    }

    @Test
    void badConfigValueExitsWith2AndNamesTheKey() {
        assertEquals(2, Main.execute("train", "--set", "training.epochs=-1"));
        assertTrue(err().contains("training.epochs"), err());
        assertFalse(err().contains("Exception"), "no stack trace: " + err());
    }

    @Test
    void badHeadExitsWith2NamingTheKeyAndTheAllowedValues() {
        assertEquals(2, Main.execute("train", "--set", "model.head=first"));
        assertTrue(err().contains("model.head: expected one of attention | last | max | mean, found \"first\""),
                err());
        assertFalse(err().contains("Exception"), "no stack trace: " + err());
    }

    @Test
    void poolingHeadsAreForClassifiersOnly() {
        assertEquals(2, Main.execute("train", "--set", "task=forecast", "--set", "model.head=mean"));
        assertTrue(err().contains("model.head: mean applies to classification only; task = forecast"), err());
        err.reset();
        assertEquals(2, Main.execute("train", "--set", "task=language-model", "--set", "model.head=attention"));
        assertTrue(err().contains("model.head: attention applies to classification only; task = language-model"),
                err());
    }

    @Test
    void poolingHeadsRejectCellOutput() {
        assertEquals(2, Main.execute("train", "--set", "model.output=cell", "--set", "model.head=max"));
        assertTrue(err().contains("model.head: max pools the outputs of every step")
                && err().contains("model.output = cell (the cell state at the last step) requires model.head = last"),
                err());
    }

    @Test
    void globalGradientClipExitsWith2SayingWhatDl4jOffers() {
        assertEquals(2, Main.execute("train", "--set", "training.gradient-clip.by=global"));
        assertTrue(err().startsWith("seqspark: error: invalid configuration: training.gradient-clip.by: global is "
                + "not available"), err());
        assertTrue(err().contains("layer") && err().contains("param-type"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    @Test
    void unknownKeyExitsWith2() {
        assertEquals(2, Main.execute("train", "--set", "model.cel=gru"));
        assertTrue(err().contains("model.cel: unknown key"), err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, Main.execute("train", "--epochs", "3"));
        assertTrue(err().contains("Unknown options: '--epochs'"), err());
    }

    @Test
    void missingCommandIsAUsageError() {
        assertEquals(2, Main.execute());
        assertTrue(err().contains("a command is required"), err());
    }

    @Test
    void helpListsCommandsAndOptions() {
        assertEquals(0, Main.execute("--help"));
        assertTrue(out.text().contains("train"));
        out.reset();
        assertEquals(0, Main.execute("train", "--help"));
        String help = out.text();
        for (String option : new String[]{"--conf", "--set", "--master", "--run-id"}) {
            assertTrue(help.contains(option), option + " in " + help);
        }
    }

    @Test
    void verboseShowsTheStackTrace() {
        assertEquals(2, Main.execute("train", "--verbose", "--set", "training.epochs=-1"));
        assertTrue(err().contains("at io.seqspark.config.ConfigLoader"), err());
    }
}
