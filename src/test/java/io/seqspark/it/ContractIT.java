package io.seqspark.it;

import io.seqspark.CapturedOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqspark.cli.Main;
import io.seqspark.models.ModelBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI's contract on bad masters, folders that are not models and models of the wrong kind: exit code 2 and
 * one line that names the value or folder and what was expected, never a stack trace (without --verbose). One tiny
 * model of each kind (classifier, forecaster, language model) is trained once for the class.
 */
class ContractIT {
    private static final String NO_UI = "spark.conf.\"spark.ui.enabled\"=false";
    @TempDir
    static Path root;
    private static String classifier;
    private static String forecaster;
    private static String languageModel;

    @RegisterExtension
    final CapturedOutput err = CapturedOutput.stderr();

    @BeforeAll
    static void trainOneModelOfEachKind() throws Exception {
        Path runs = root.resolve("runs");
        assertEquals(0, Main.execute("train", "--master", "local[2]", "--run-id", "m", "--set", "job.output=" + runs,
                "--set", "job.name=c", "--set", NO_UI, "--set", "data.generator.sequences=60",
                "--set", "model.units=[8]", "--set", "training.epochs=1"));
        assertEquals(0, Main.execute("train", "--conf", "conf/seasonal-series.conf", "--master", "local[2]",
                "--run-id", "m", "--set", "job.output=" + runs, "--set", "job.name=f", "--set", NO_UI,
                "--set", "data.generator.sequences=20", "--set", "data.generator.min-length=48",
                "--set", "data.generator.max-length=48", "--set", "sequence.window.lookback=12",
                "--set", "model.units=[8]", "--set", "training.epochs=1"));
        // A small text of random words for a character model.
        Random random = new Random(3);
        List<String> words = List.of("the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "cat");
        StringBuilder text = new StringBuilder();
        while (text.length() < 20_000) {
            text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(8) == 0 ? ".\n" : " ");
        }
        Path corpus = root.resolve("corpus.txt");
        Files.writeString(corpus, text);
        Path conf = root.resolve("lm.conf");
        Files.writeString(conf, """
                job { name = lm, output = "%s" }
                task = language-model
                data { format = text, path = "%s" }
                text { tokenizer = char, lowercase = false, max-length = 50 }
                split { test = 0.1, validation = 0.1 }
                model { units = [8], embedding-size = 4 }
                training { epochs = 1, batch-size = 32, tbptt-length = 0 }
                spark.conf { "spark.ui.enabled" = false }
                """.formatted(runs, corpus));
        assertEquals(0, Main.execute("train", "--conf", conf.toString(), "--master", "local[2]", "--run-id", "m"));
        classifier = runs.resolve("c/m/model").toString();
        forecaster = runs.resolve("f/m/model").toString();
        languageModel = runs.resolve("lm/m/model").toString();
    }

    /** Runs a command that must fail with exit 2 and one error line containing every one of {@code names}. */
    private String failsWith2(List<String> args, String... names) {
        err.reset();
        int code = Main.execute(args.toArray(new String[0]));
        String out = err.text();
        assertEquals(2, code, args + ": " + out);
        List<String> lines = out.lines().filter(l -> l.startsWith("seqspark:")).toList();
        assertEquals(1, lines.size(), "one error line: " + out);
        assertTrue(lines.get(0).startsWith("seqspark: error: "), out);
        for (String name : names) {
            assertTrue(lines.get(0).contains(name), args + " names " + name + ": " + out);
        }
        assertFalse(out.contains("Exception") || out.contains("\tat "), "no stack trace: " + out);
        return lines.get(0);
    }

    private static List<String> command(String command, String model, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--model", model));
        if (command.equals("predict")) {
            args.addAll(List.of("--input", root.resolve("none.csv").toString(), "--output",
                    root.resolve("never").toString(), "--format", "csv", "--master", "local[2]"));
        } else if (command.equals("evaluate")) {
            args.addAll(List.of("--master", "local[2]", "--set", "job.output=" + root.resolve("never")));
        }
        args.addAll(Arrays.asList(more));
        return args;
    }

    @Test
    void aBadMasterIsRejectedBeforeAnyWorkByEveryCommandThatTakesOne() {
        for (String master : List.of("bogus://x", "local[abc]")) {
            String line = failsWith2(List.of("train", "--master", master, "--set", "job.output=" + root.resolve("never")),
                    "spark.master", "\"" + master + "\"", "local[N]", "spark://host:port", "yarn", "k8s://");
            assertFalse(line.contains("\n"));
            failsWith2(List.of("evaluate", "--model", classifier, "--master", master, "--set",
                    "job.output=" + root.resolve("never")), "spark.master", "\"" + master + "\"");
            failsWith2(List.of("predict", "--model", classifier, "--master", master, "--input",
                    root.resolve("none.csv").toString(), "--output", root.resolve("never").toString()),
                    "spark.master", "\"" + master + "\"");
        }
        assertFalse(Files.exists(root.resolve("never")), "nothing written");
    }

    @Test
    void aFolderThatIsNotAModelIsNamedWithWhatIsMissing() throws Exception {
        Path empty = Files.createDirectories(root.resolve("empty"));
        Path other = Files.createDirectories(root.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "not a model");
        Path incomplete = Files.createDirectories(root.resolve("incomplete"));
        Files.copy(Path.of(classifier, ModelBundle.NETWORK), incomplete.resolve(ModelBundle.NETWORK));
        Files.copy(Path.of(classifier, ModelBundle.CONFIG), incomplete.resolve(ModelBundle.CONFIG));
        Path file = Files.writeString(root.resolve("a-file"), "x");
        Path corrupt = Files.createDirectories(root.resolve("corrupt"));
        for (String f : List.of(ModelBundle.PREPROCESSING, ModelBundle.CONFIG)) {
            Files.copy(Path.of(classifier, f), corrupt.resolve(f));
        }
        Files.writeString(corrupt.resolve(ModelBundle.NETWORK), "not a zip");
        for (String cmd : List.of("evaluate", "predict", "generate")) {
            String missing = root.resolve("missing").toString();
            failsWith2(command(cmd, missing), "--model " + missing, "no such folder", "<run-id>/model");
            failsWith2(command(cmd, empty.toString()), empty.toString(), "empty");
            failsWith2(command(cmd, other.toString()), other.toString(), "not a model folder", ModelBundle.NETWORK,
                    ModelBundle.PREPROCESSING, ModelBundle.CONFIG);
            failsWith2(command(cmd, incomplete.toString()), incomplete.toString(), "lacks preprocessing.json");
            failsWith2(command(cmd, file.toString()), file.toString(), "not a folder");
            // A job folder (runs of one job): the run's model folder is suggested.
            String job = root.resolve("runs/lm").toString();
            failsWith2(command(cmd, job), job, "did you mean " + job + "/m/model?");
            failsWith2(command(cmd, corrupt.toString()), corrupt.toString(), ModelBundle.NETWORK);
        }
        assertFalse(Files.exists(root.resolve("never")), "nothing written");
    }

    @Test
    void aRunFolderStandsForItsModelFolder() throws Exception {
        String run = Path.of(languageModel).getParent().toString();
        assertEquals(run + "/model", ModelBundle.locate(run));
        assertEquals(run + "/model", ModelBundle.locate(run + "/"));
        assertEquals(languageModel, ModelBundle.locate(languageModel));
        assertEquals(0, Main.execute("generate", "--model", run, "--prime", "the ", "--length", "20"),
                err.text());
    }

    /** Every model folder carries provenance.json: task, versions, resolved config, data counts, times, Spark. */
    @Test
    void everyModelFolderCarriesItsProvenance() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> tasks = Map.of(classifier, "classification", forecaster, "forecast", languageModel,
                "language-model");
        for (Map.Entry<String, String> model : tasks.entrySet()) {
            JsonNode p = json.readTree(Path.of(model.getKey(), "provenance.json").toFile());
            JsonNode report = json.readTree(Path.of(model.getKey()).getParent().resolve("report.json").toFile());
            assertEquals(model.getValue(), p.at("/task").asText(), model.getKey());
            assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), p.at("/versions/spark").asText());
            assertEquals("1.0.0-M2.1", p.at("/versions/dl4j").asText());
            assertEquals(System.getProperty("java.version"), p.at("/versions/java").asText());
            assertEquals(model.getValue(), p.at("/config/task").asText(), "the resolved config, as JSON");
            assertEquals(report.at("/training/epochs_completed").asInt(), p.at("/config/training/epochs").asInt());
            assertEquals(report.at("/data"), p.at("/data/examples"), "the split counts of report.json");
            assertTrue(report.at("/data/train_examples").asLong() > 0);
            Instant started = Instant.parse(p.at("/training/started").asText());
            Instant ended = Instant.parse(p.at("/training/ended").asText());
            assertFalse(ended.isBefore(started));
            assertTrue(Files.getLastModifiedTime(Path.of(model.getKey(), "network.zip")).toInstant()
                    .isAfter(started.minusSeconds(1)), "started before the network was written");
            assertEquals("local[2]", p.at("/spark/master").asText());
            assertEquals(report.at("/training/workers").asInt(), p.at("/training/workers").asInt());
        }
    }

    @Test
    void aModelOfTheWrongKindIsAUserError() {
        for (String model : List.of(classifier, forecaster)) {
            failsWith2(command("generate", model), model, "not a language model");
        }
        failsWith2(command("generate", classifier), "classification model");
        failsWith2(command("generate", forecaster), "forecast model");
        // evaluate on a language model scores its loss and perplexity (EveryTaskCommandsIT); predict has no rows to
        // score.
        failsWith2(command("predict", languageModel), languageModel, "is a language model", "generate");
        // The saved task overridden: the model's own kind decides.
        failsWith2(command("predict", languageModel, "--set", "task=classification"), languageModel,
                "language-model model");
        failsWith2(command("predict", forecaster, "--set", "task=classification", "--set",
                "sequence.label-column=value", "--set", "sequence.feature-columns=[value]"), forecaster, "forecast model", "task = classification");
        failsWith2(command("evaluate", forecaster, "--set", "task=classification", "--set",
                "sequence.label-column=value", "--set", "sequence.feature-columns=[value]"), forecaster, "forecast model", "task = classification");
        failsWith2(command("evaluate", classifier, "--conf", root.resolve("lm.conf").toString()), classifier,
                "classification model", "task = language-model");
        assertFalse(Files.exists(root.resolve("never")), "nothing written");
    }
}
