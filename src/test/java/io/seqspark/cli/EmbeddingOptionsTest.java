package io.seqspark.cli;

import io.seqspark.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** text.pretrain and model.embedding values that are wrong before any data is read: exit 2 naming the key. */
class EmbeddingOptionsTest {
    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    private String err() {
        return err.text();
    }

    private int train(String... sets) {
        String[] args = new String[1 + 2 * (sets.length + 3)];
        args[0] = "train";
        String[] all = new String[sets.length + 3];
        all[0] = "data.format=csv";
        all[1] = "data.path=reviews.csv";
        all[2] = "text.text-column=review";
        System.arraycopy(sets, 0, all, 3, sets.length);
        for (int i = 0; i < all.length; i++) {
            args[1 + 2 * i] = "--set";
            args[2 + 2 * i] = all[i];
        }
        return Main.execute(args);
    }

    @Test
    void pretrainingAndAVectorsFileTogetherExitWith2() {
        assertEquals(2, train("text.label-column=label", "text.pretrain.enabled=true",
                "model.embedding.vectors=glove.txt"));
        assertTrue(err().contains("model.embedding.vectors: cannot be combined with text.pretrain.enabled = true "
                + "(found \"glove.txt\")"), err());
        assertFalse(err().contains("Exception"), "no stack trace: " + err());
    }

    @Test
    void freezingARandomEmbeddingExitsWith2() {
        assertEquals(2, train("text.label-column=label", "model.embedding.freeze=true"));
        assertTrue(err().contains("model.embedding.freeze: would keep a random embedding fixed"), err());
    }

    @Test
    void aPretrainCorpusWithoutPretrainingExitsWith2() {
        assertEquals(2, train("text.label-column=label", "text.pretrain.path=more.csv"));
        assertTrue(err().contains("text.pretrain.path: applies only with text.pretrain.enabled = true"), err());
    }

    @Test
    void embeddingOptionsAreForTextClassificationOnly() {
        assertEquals(2, Main.execute("train", "--set", "task=forecast", "--set", "text.pretrain.enabled=true"));
        assertTrue(err().contains("text.pretrain.enabled: applies to text classification only"), err());
        assertEquals(2, Main.execute("train", "--set", "model.embedding.vectors=v.txt"));
        assertTrue(err().contains("model.embedding.vectors: applies to text classification only"), err());
    }

    @Test
    void word2vecKnobsAreRangeChecked() {
        assertEquals(2, train("text.label-column=label", "text.pretrain.enabled=true", "text.pretrain.window=0"));
        assertTrue(err().contains("text.pretrain.window"), err());
    }
}
