package io.seqspark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Shakespeare example config, scaled down (a small LSTM, one epoch), on the real text through the CLI:
 * it beats the unigram baseline on the held-out last 10%, and generate samples text from the saved model in a
 * new JVM. The full config's loss is measured in the README.
 */
class LanguageModelIT {
    @Test
    void characterModelLearnsShakespeareAndGenerates(@TempDir Path dir) throws Exception {
        Path text = Path.of("../shared/data/tinyshakespeare/input.txt");
        assertTrue(Files.isRegularFile(text), "shared Tiny Shakespeare at " + text);
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("train", "--conf", "conf/tinyshakespeare.conf", "--master", "local[2]",
                "--run-id", "small", "--set", "job.output=" + runs, "--set", "model.units=[48]",
                "--set", "model.dropout=0",
                "--set", "text.max-length=100", "--set", "training.tbptt-length=0", "--set", "training.epochs=1",
                "--set", "training.warmup-epochs=0", "--set", "split.validation=0.02",
                "--set", "training.batch-size=64", "--set", "training.learning-rate=0.01",
                "--set", "spark.conf.\"spark.ui.enabled\"=false"));
        Path run = runs.resolve("shakespeare-char/small");
        JsonNode report = new ObjectMapper().readTree(run.resolve("report.json").toFile());
        assertEquals("language-model", report.get("task").asText());
        JsonNode test = report.get("metrics").get("test");
        double loss = test.get("loss").asDouble();
        double unigram = report.get("baselines").get("unigram").get("loss").asDouble();
        // The last 10% of 1,115,394 characters, all but the first predicted.
        long tokens = test.get("tokens").asLong();
        assertTrue(tokens > 110_000 && tokens < 111_540, "test characters scored: " + tokens);
        assertEquals(Math.exp(loss), test.get("perplexity").asDouble(), 1e-9);
        assertTrue(loss < unigram - 0.5, "test loss " + loss + " vs unigram " + unigram);
        // The same model with its state reset every window, as in training: about as good (context beyond one
        // window helps a little), not a different unit.
        double windowLoss = test.get("window_loss").asDouble();
        assertEquals(loss, windowLoss, 0.1, "state carried vs reset every 100 characters");
        double validation = report.get("training").get("history").get(0).get("validation_loss").asDouble();
        assertEquals(loss, validation, 0.25, "per-epoch validation loss is in the same unit (nats per character)");
        assertTrue(report.get("text").get("sample").get("text").asText().length() > 100);
        assertTrue(Files.readString(run.resolve("report.html")).contains("Sample text"));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("jobs/java17.args").toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "generate", "--model", run.resolve("model").toString(), "--prime", "ROMEO:",
                "--length", "300", "--temperature", "0.7"));
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(dir.resolve("generated.txt").toFile())
                .redirectError(dir.resolve("generate.log").toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("generate.log")));
        String generated = Files.readString(dir.resolve("generated.txt")).strip();
        assertTrue(generated.startsWith("ROMEO:"), generated);
        assertTrue(generated.length() >= 250, generated);
        // Text-like: mostly letters and spaces, with words of plausible length.
        long letters = generated.chars().filter(c -> Character.isLetter(c) || c == ' ').count();
        assertTrue(letters > 0.75 * generated.length(), generated);
        assertTrue(List.of(" the ", " and ", " to ", " of ", " I ", " you ", " my ", " is ", " that ").stream()
                .anyMatch(generated::contains), "common words appear: " + generated);
    }
}
