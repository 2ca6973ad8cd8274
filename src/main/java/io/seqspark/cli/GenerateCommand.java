package io.seqspark.cli;

import io.seqspark.UserError;
import io.seqspark.models.ModelBundle;
import io.seqspark.tasks.Tasks;
import io.seqspark.tasks.language.TextGenerator;
import io.seqspark.vectorize.Preprocessing;
import io.seqspark.vectorize.text.Vocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Sample text from a saved language model.",
                "Feeds the prime to the model, then draws one character at a time from its predicted distribution "
                        + "(sharpened or flattened by the temperature) and prints the prime and the sampled text. "
                        + "Runs on the driver; no Spark needed."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A language model run's model folder (<run>/model, or the run folder), any Hadoop FS URI.")
    String model;

    @Option(names = "--prime", paramLabel = "TEXT", defaultValue = "",
            description = "Text to start from. Default: the most frequent character.")
    String prime;

    @Option(names = "--length", paramLabel = "N", defaultValue = "500",
            description = "Characters to sample (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
            description = "Below 1: safer, more repetitive text; above 1: more surprising (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed: the same seed gives the same text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (length < 0) {
            throw new UserError("--length " + length + ": expected 0 or more characters");
        }
        if (!(temperature > 0)) {
            throw new UserError("--temperature " + temperature + ": expected a number above 0, e.g. 0.8");
        }
        ModelBundle bundle = ModelBundle.load(model);
        if (Tasks.of(bundle) != Tasks.LANGUAGE_MODEL) {
            throw new UserError("--model " + model + " is a " + Tasks.of(bundle).taskKey() + " model, not a language model "
                    + "(train one with task = language-model); classifiers and forecasters score rows with predict "
                    + "and evaluate");
        }
        Vocabulary vocabulary = bundle.preprocessing(Preprocessing.LanguageModelling.class).vocabulary();
        System.out.println(TextGenerator.generate(bundle.network(), vocabulary, prime, length, temperature, seed));
        return 0;
    }
}
