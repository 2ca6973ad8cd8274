package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import io.seqspark.models.ModelBundle;
import io.seqspark.vectorize.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * text.pretrain (Spark ML Word2Vec) and model.embedding.vectors through the CLI on local[2]: the embedding starts
 * from the vectors, and with model.embedding.freeze it still holds them after parameter-averaged training.
 */
class PretrainedEmbeddingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> POSITIVE = List.of("good", "great", "wonderful", "excellent", "loved", "superb");
    private static final List<String> NEGATIVE = List.of("bad", "awful", "terrible", "boring", "hated", "poor");
    private static final List<String> FILLER = List.of("the", "movie", "film", "plot", "actors", "was", "and", "a",
            "it", "story");

    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    private static String review(Random r, boolean positive) {
        List<String> words = new ArrayList<>();
        for (int i = 0, n = 4 + r.nextInt(6); i < n; i++) {
            words.add(FILLER.get(r.nextInt(FILLER.size())));
        }
        List<String> sentiment = positive ? POSITIVE : NEGATIVE;
        for (int i = 0, n = 2 + r.nextInt(2); i < n; i++) {
            words.add(r.nextInt(words.size() + 1), sentiment.get(r.nextInt(sentiment.size())));
        }
        return String.join(" ", words);
    }

    private static Path reviews(Path dir) throws Exception {
        Random r = new Random(11);
        StringBuilder csv = new StringBuilder("review_id,review,sentiment\n");
        for (int i = 0; i < 400; i++) {
            boolean positive = i % 2 == 0;
            csv.append(i).append(",\"").append(review(r, positive)).append("\",").append(positive ? "pos" : "neg")
                    .append('\n');
        }
        Path data = dir.resolve("reviews.csv");
        Files.writeString(data, csv);
        return data;
    }

    private static Path conf(Path dir, Path data, String extra) throws Exception {
        Path conf = dir.resolve("embedding.conf");
        Files.writeString(conf, """
                job.name = embedding
                task = classification
                data { format = csv, path = "%s" }
                text { text-column = review, label-column = sentiment, id-column = review_id, tokenizer = word,
                       max-length = 16 }
                model { cell = gru, units = [8], embedding-size = 6 }
                training { epochs = 3, batch-size = 32, learning-rate = 0.02 }
                spark.conf { "spark.ui.enabled" = false }
                %s
                """.formatted(data, extra));
        return conf;
    }

    private int train(Path conf, Path runs, String runId) {
        return Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", runId,
                "--set", "job.output=" + runs);
    }

    /** Vectors of a word2vec text file ("n dim" header, then "token v1 v2 ..."). */
    private static Map<String, float[]> readVectors(Path file, boolean header) throws Exception {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(header ? 1 : 0, lines.size())) {
            String[] parts = line.split(" ");
            float[] v = new float[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                v[i - 1] = Float.parseFloat(parts[i]);
            }
            vectors.put(parts[0], v);
        }
        return vectors;
    }

    /** Each token's row of the saved model's embedding equals its vector. */
    private static void assertRowsEqual(Path model, Map<String, float[]> vectors) throws Exception {
        ModelBundle bundle = ModelBundle.load(model.toString());
        Map<String, Integer> index = bundle.preprocessing(Preprocessing.TextClassification.class).vocabulary().index();
        INDArray weights = bundle.network().getLayer(0).getParam("W");
        for (Map.Entry<String, float[]> e : vectors.entrySet()) {
            Integer id = index.get(e.getKey());
            if (id != null) {
                assertArrayEquals(e.getValue(), weights.getRow(id).toFloatVector(), "row of " + e.getKey());
            }
        }
    }

    @Test
    void word2vecPretrainedOnTrainingAndUnlabelledTextsStartsTheFrozenEmbeddingAndStaysThere(@TempDir Path dir)
            throws Exception {
        Path data = reviews(dir);
        Random r = new Random(12);
        StringBuilder more = new StringBuilder("review\n");
        for (int i = 0; i < 300; i++) {
            more.append('"').append(review(r, r.nextBoolean())).append("\"\n");
        }
        Path corpus = dir.resolve("unlabelled.csv");
        Files.writeString(corpus, more);
        Path conf = conf(dir, data, """
                text.pretrain { enabled = true, path = "%s", window = 3, min-count = 2, iterations = 2 }
                model.embedding.freeze = true
                """.formatted(corpus));
        Path runs = dir.resolve("runs");
        assertEquals(0, train(conf, runs, "w2v"), err.text());
        Path run = runs.resolve("embedding/w2v");
        JsonNode embedding = JSON.readTree(run.resolve("report.json").toFile()).get("text").get("embedding");
        assertEquals("word2vec", embedding.get("source").asText());
        assertTrue(embedding.get("freeze").asBoolean());
        int vocabulary = POSITIVE.size() + NEGATIVE.size() + FILLER.size();
        assertEquals(vocabulary, embedding.get("coverage").get("vocabulary_size").asInt());
        assertEquals(vocabulary, embedding.get("coverage").get("vocabulary_found").asInt(),
                "every word occurs often enough for Word2Vec's min-count");
        assertEquals(1.0, embedding.get("coverage").get("training_occurrences").asDouble(), 1e-9);
        assertTrue(Files.readString(run.resolve("report.html")).contains("pretrained with Word2Vec"));

        Map<String, float[]> vectors = readVectors(run.resolve("word2vec.txt"), true);
        assertEquals(vocabulary, vectors.size());
        // Frozen: after three epochs of parameter averaging, each token's row is still Word2Vec's vector.
        assertRowsEqual(run.resolve("model"), vectors);
        assertFalse(vectors.get("good")[0] == 0 && vectors.get("good")[1] == 0, "real vectors");
    }

    @Test
    void aGloveFileStartsTheFrozenEmbeddingAndBadFilesExitWith2(@TempDir Path dir) throws Exception {
        Path data = reviews(dir);
        Random r = new Random(13);
        StringBuilder glove = new StringBuilder();
        List<String> covered = new ArrayList<>(POSITIVE.subList(0, 3));
        covered.addAll(NEGATIVE.subList(0, 3));
        covered.add("unrelated");
        for (String word : covered) {
            glove.append(word);
            for (int i = 0; i < 6; i++) {
                glove.append(' ').append(r.nextFloat() - 0.5f);
            }
            glove.append('\n');
        }
        Path file = dir.resolve("glove.6d.txt");
        Files.writeString(file, glove);
        Path runs = dir.resolve("runs");

        Path conf = conf(dir, data, "model.embedding { vectors = \"%s\", freeze = true }".formatted(file));
        assertEquals(0, train(conf, runs, "glove"), err.text());
        Path run = runs.resolve("embedding/glove");
        JsonNode embedding = JSON.readTree(run.resolve("report.json").toFile()).get("text").get("embedding");
        assertEquals(file.toString(), embedding.get("source").asText());
        assertEquals(6, embedding.get("coverage").get("vocabulary_found").asInt());
        double occurrences = embedding.get("coverage").get("training_occurrences").asDouble();
        assertTrue(occurrences > 0 && occurrences < 1, "sentiment words only: " + occurrences);
        assertRowsEqual(run.resolve("model"), readVectors(file, false));
        assertFalse(Files.exists(run.resolve("word2vec.txt")), "only text.pretrain writes vectors");

        Path wrong = conf(dir, data, "model.embedding.vectors = \"%s\"\nmodel.embedding-size = 5".formatted(file));
        assertEquals(2, train(wrong, runs, "wrong"));
        String message = err.text();
        assertTrue(message.contains("model.embedding.vectors = " + file + ": the vectors have 6 dimensions but "
                + "model.embedding-size = 5"), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);

        Path missing = conf(dir, data, "model.embedding.vectors = \"%s\"".formatted(dir.resolve("none.vec")));
        assertEquals(2, train(missing, runs, "missing"));
        assertTrue(err.text().contains("model.embedding.vectors = "
                + dir.resolve("none.vec") + ": no such file"), err.text());
    }
}
