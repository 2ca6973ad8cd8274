package io.seqspark.vectorize.text;

import io.seqspark.UserError;
import io.seqspark.config.JobConfig;
import io.seqspark.config.TestSpecs;
import io.seqspark.models.FlatGradientUpdater;
import io.seqspark.models.ModelFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingsTest {
    private static final JobConfig.TrainingSpec TRAINING = TestSpecs.training().learningRate(0.05).seed(3).build();
    private static final JobConfig.ModelSpec MODEL = TestSpecs.model("gru").units(5).embeddingSize(3)
            .build();
    private static final Vocabulary VOCABULARY = new Vocabulary(List.of("good", "bad", "film", "zorblax"));

    private static MultiLayerNetwork network(boolean freeze) {
        var conf = ModelFactory.tokenClassifier(MODEL, TRAINING, VOCABULARY.size(), 3, 2);
        MultiLayerNetwork net = new MultiLayerNetwork(freeze ? Embeddings.freeze(conf) : conf);
        net.init();
        return net;
    }

    @Test
    void matrixLaysVectorsOutInVocabularyIdOrderAndCountsCoverage() {
        Embeddings.Matrix m = Embeddings.matrix(VOCABULARY, Map.of("bad", new float[]{1, 2, 3},
                "good", new float[]{4, 5, 6}, "unused", new float[]{7, 8, 9}));
        assertEquals(2, m.found());
        assertEquals(4, m.vocabulary());
        assertEquals(0.5, m.coverage(), 1e-12);
        assertArrayEquals(new float[]{4, 5, 6}, m.rows()[0]);
        assertArrayEquals(new float[]{1, 2, 3}, m.rows()[1]);
        assertNull(m.rows()[2]);
        assertNull(m.rows()[3]);
    }

    @Test
    void applySetsFoundTokensRowsAndLeavesPaddingUnknownAndMissingTokensAsTheyWere() {
        MultiLayerNetwork net = network(false);
        INDArray before = net.getLayer(0).getParam("W").dup();
        Embeddings.matrix(VOCABULARY, Map.of("bad", new float[]{1, 2, 3}, "zorblax", new float[]{-1, 0, 1}))
                .apply(net);
        INDArray after = net.getLayer(0).getParam("W");
        assertArrayEquals(new float[]{1, 2, 3}, after.getRow(Vocabulary.RESERVED + 1).toFloatVector());
        assertArrayEquals(new float[]{-1, 0, 1}, after.getRow(Vocabulary.RESERVED + 3).toFloatVector());
        for (int id : new int[]{Vocabulary.PADDING, Vocabulary.UNKNOWN, Vocabulary.RESERVED,
                Vocabulary.RESERVED + 2}) {
            assertEquals(before.getRow(id), after.getRow(id), "row " + id);
        }
    }

    private static DataSet batch(Random r) {
        int n = 8;
        int t = 4;
        INDArray features = Nd4j.zeros(DataType.FLOAT, n, 1, t);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < t; s++) {
                features.putScalar(i, 0, s, 1 + r.nextInt(VOCABULARY.size() - 1));
            }
            labels.putScalar(i, r.nextInt(2), 1);
        }
        return new DataSet(features, labels);
    }

    @Test
    void aFrozenEmbeddingKeepsItsLoadedWeightsWhileTheRestTrains() {
        MultiLayerNetwork net = network(true);
        Embeddings.matrix(VOCABULARY, Map.of("good", new float[]{0.5f, -0.5f, 0.25f})).apply(net);
        INDArray embedding = net.getLayer(0).getParam("W").dup();
        INDArray rest = net.getLayer(1).params().dup();
        FlatGradientUpdater.install(net);
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            net.fit(batch(r));
        }
        assertEquals(embedding, net.getLayer(0).getParam("W"), "the frozen embedding");
        assertNotEquals(rest, net.getLayer(1).params(), "the recurrent layer trained");
        assertArrayEquals(new float[]{0.5f, -0.5f, 0.25f},
                net.getLayer(0).getParam("W").getRow(Vocabulary.RESERVED).toFloatVector());
    }

    @Test
    void anUnfrozenEmbeddingTrains() {
        MultiLayerNetwork net = network(false);
        INDArray embedding = net.getLayer(0).getParam("W").dup();
        Random r = new Random(1);
        for (int i = 0; i < 5; i++) {
            net.fit(batch(r));
        }
        assertNotEquals(embedding, net.getLayer(0).getParam("W"));
    }

    @Test
    void loadsWord2vecTextAndGloveFilesKeepingOnlyTheVocabulary(@TempDir Path dir) throws Exception {
        Path word2vec = dir.resolve("vectors.vec");
        Files.writeString(word2vec, """
                3 3
                good 0.1 0.2 0.3
                film -1.5 2.0 0.25
                other 9 9 9
                """);
        Map<String, float[]> w = Embeddings.load(word2vec.toString(), VOCABULARY, 3);
        assertEquals(2, w.size());
        assertArrayEquals(new float[]{0.1f, 0.2f, 0.3f}, w.get("good"), 1e-6f);
        assertArrayEquals(new float[]{-1.5f, 2.0f, 0.25f}, w.get("film"), 1e-6f);

        Path glove = dir.resolve("glove.txt");
        Files.writeString(glove, """
                bad 0.5 0.5 -0.5
                zorblax 1 2 3
                the 0 0 1
                """);
        Map<String, float[]> g = Embeddings.load("file://" + glove, VOCABULARY, 3);
        assertEquals(2, g.size());
        assertArrayEquals(new float[]{0.5f, 0.5f, -0.5f}, g.get("bad"), 1e-6f);
        assertArrayEquals(new float[]{1, 2, 3}, g.get("zorblax"), 1e-6f);
    }

    @Test
    void aFileOfAnotherDimensionOrNoFileIsAUserErrorNamingKeyFileAndSizes(@TempDir Path dir) throws Exception {
        Path glove = dir.resolve("glove.txt");
        Files.writeString(glove, "good 1 2 3 4\nbad 4 3 2 1\n");
        UserError e = assertThrows(UserError.class, () -> Embeddings.load(glove.toString(), VOCABULARY, 3));
        assertTrue(e.getMessage().contains("model.embedding.vectors = " + glove), e.getMessage());
        assertTrue(e.getMessage().contains("4 dimensions") && e.getMessage().contains("model.embedding-size = 3"),
                e.getMessage());

        Path missing = dir.resolve("nope.vec");
        UserError m = assertThrows(UserError.class, () -> Embeddings.load(missing.toString(), VOCABULARY, 3));
        assertTrue(m.getMessage().contains("model.embedding.vectors = " + missing) && m.getMessage()
                .contains("no such file"), m.getMessage());
    }

    @Test
    void word2vecTextRoundTripsThroughTheLoader(@TempDir Path dir) throws Exception {
        Embeddings.Matrix m = Embeddings.matrix(VOCABULARY, Map.of("good", new float[]{0.123456789f, -2f, 3.5e-8f},
                "film", new float[]{1f, 1f, 1f}));
        Embeddings.Initial initial = new Embeddings.Initial(JobConfig.EmbeddingSpec.RANDOM, m, 0.5);
        Path file = dir.resolve("w.txt");
        Files.writeString(file, initial.word2vecText(VOCABULARY));
        Map<String, float[]> back = Embeddings.load(file.toString(), VOCABULARY, 3);
        assertArrayEquals(m.rows()[0], back.get("good"));
        assertArrayEquals(m.rows()[2], back.get("film"));
    }
}
