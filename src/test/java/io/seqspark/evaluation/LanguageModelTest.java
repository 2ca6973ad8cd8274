package io.seqspark.evaluation;

import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.ModelFactory;
import io.seqspark.tasks.language.TextGenerator;
import io.seqspark.vectorize.text.CharCorpus;
import io.seqspark.vectorize.text.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The language model's network, its loss units and sampling, without Spark. */
class LanguageModelTest {
    private static final int LENGTH = 7;
    private static final Vocabulary VOCABULARY = new Vocabulary(List.of("a", "b", "c", " ", "\n"));

    private static MultiLayerNetwork network(int tbptt) {
        JobConfig.ModelSpec model = TestSpecs.model("gru").units(8).embeddingSize(4).build();
        JobConfig.TrainingSpec training = TestSpecs.training().batchSize(4).checkpoint("none").tbpttLength(tbptt)
                .retries(0).prefetch(0).build();
        MultiLayerNetwork net = new MultiLayerNetwork(ModelFactory.languageModel(model, training, VOCABULARY.size(), 4));
        net.init();
        return net;
    }

    private static List<CharCorpus.Window> windows(int n, int length, long seed) {
        Random r = new Random(seed);
        List<CharCorpus.Window> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[length + 1];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = Vocabulary.RESERVED + r.nextInt(VOCABULARY.tokens().size());
            }
            out.add(new CharCorpus.Window("test", ids));
        }
        return out;
    }

    @Test
    void dl4jScoresASequenceByItsSummedLossSoPerTokenIsScoreOverLength() {
        MultiLayerNetwork net = network(0);
        List<CharCorpus.Window> batch = windows(3, LENGTH, 1);
        DataSet ds = CharCorpus.toDataSet(batch);
        double score = net.score(ds);
        double[] nll = LanguageModelEvaluator.negativeLogLikelihood(net, batch);
        assertEquals(3 * LENGTH, (int) nll[1]);
        double perToken = nll[0] / nll[1];
        assertEquals(perToken, score / LENGTH, 1e-4 * perToken, "the factor SparkTrainer.LossScale applies");
        // An untrained model is close to uniform over the vocabulary (plus padding and unknown).
        assertEquals(Math.log(VOCABULARY.size()), perToken, 0.5);
    }

    @Test
    void trainingLowersTheLossOnARepeatingText() {
        MultiLayerNetwork net = network(4);
        List<CharCorpus.Window> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int[] ids = new int[LENGTH + 1];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = Vocabulary.RESERVED + (i + t) % 3; // a b c a b c ...
            }
            batch.add(new CharCorpus.Window("train", ids));
        }
        double before = LanguageModelEvaluator.negativeLogLikelihood(net, batch)[0];
        DataSet ds = CharCorpus.toDataSet(batch);
        for (int i = 0; i < 150; i++) {
            net.fit(ds);
        }
        double after = LanguageModelEvaluator.negativeLogLikelihood(net, batch)[0];
        assertTrue(after < before / 4, "summed loss " + before + " -> " + after + " (truncated BPTT, 4 steps)");
        String text = TextGenerator.generate(net, VOCABULARY, "ab", 12, 0.5, 3);
        assertEquals("abcabcabcabcab", text, "it continues the pattern it learned");
    }

    @Test
    void samplingIsSeededAndStaysInTheVocabulary() {
        MultiLayerNetwork net = network(0);
        String a = TextGenerator.generate(net, VOCABULARY, "zz", 200, 1.0, 11);
        String b = TextGenerator.generate(net, VOCABULARY, "zz", 200, 1.0, 11);
        String c = TextGenerator.generate(net, VOCABULARY, "zz", 200, 1.0, 12);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(202, a.length());
        assertTrue(a.substring(2).chars().allMatch(ch -> "abc \n".indexOf(ch) >= 0), a);
    }

    @Test
    void raggedWindowsAreMaskedAndOnlyRealPositionsScored() {
        MultiLayerNetwork net = network(0);
        List<CharCorpus.Window> batch = List.of(windows(1, LENGTH, 5).get(0), windows(1, 3, 6).get(0));
        DataSet ds = CharCorpus.toDataSet(batch);
        assertEquals(LENGTH, ds.getFeatures().size(2));
        assertEquals(3.0, ds.getLabelsMaskArray().getRow(1).sumNumber().doubleValue());
        double[] nll = LanguageModelEvaluator.negativeLogLikelihood(net, batch);
        assertEquals(LENGTH + 3, (int) nll[1]);
        // The short window scores the same alone: padding after it changes nothing before it.
        double alone = LanguageModelEvaluator.negativeLogLikelihood(net, List.of(batch.get(1)))[0];
        double first = LanguageModelEvaluator.negativeLogLikelihood(net, List.of(batch.get(0)))[0];
        assertEquals(nll[0], first + alone, 1e-4);
    }

    @Test
    void streamsCarryTheStateThroughTheWholeSequenceAndScoreEveryTokenOnce() {
        MultiLayerNetwork net = network(0);
        int[] ids = windows(1, 40, 9).get(0).ids(); // 41 ids, 40 predicted
        double whole = LanguageModelEvaluator.negativeLogLikelihood(net,
                List.of(new CharCorpus.Window("test", ids)))[0];
        double[] oneStream = LanguageModelEvaluator.streamedNegativeLogLikelihood(net, ids, 1, 100);
        assertEquals(40, (int) oneStream[1]);
        assertEquals(whole, oneStream[0], 1e-4, "one stream fed at once equals the whole window");
        double[] chunked = LanguageModelEvaluator.streamedNegativeLogLikelihood(net, ids, 1, 3);
        assertEquals(whole, chunked[0], 1e-4, "fed 3 steps at a time, the state carries over between chunks");
        double resetEvery3 = 0;
        for (int from = 0; from + 1 < ids.length; from += 3) {
            resetEvery3 += LanguageModelEvaluator.negativeLogLikelihood(net, List.of(new CharCorpus.Window("test",
                    Arrays.copyOfRange(ids, from, Math.min(from + 4, ids.length)))))[0];
        }
        assertTrue(Math.abs(resetEvery3 - whole) > 1e-2, "the check can fail: fresh state every 3 steps differs");

        // Three side-by-side streams of 14, 14 and 12 predictions (the last padded), each from a fresh state.
        double[] three = LanguageModelEvaluator.streamedNegativeLogLikelihood(net, ids, 3, 5);
        assertEquals(40, (int) three[1]);
        double separate = 0;
        for (int from = 0; from < 40; from += 14) {
            separate += LanguageModelEvaluator.negativeLogLikelihood(net, List.of(new CharCorpus.Window("test",
                    Arrays.copyOfRange(ids, from, Math.min(from + 15, ids.length)))))[0];
        }
        assertEquals(separate, three[0], 1e-4);
    }
}
