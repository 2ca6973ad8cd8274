package io.seqspark.cli;

import io.seqspark.UserError;
import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.scoring.PredictJob;
import io.seqspark.sources.SparkSources;
import io.seqspark.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Score new data with a saved model and write Parquet.",
                "Runs on the executors with the model's saved preprocessing. Classification: the input's id, the "
                        + "predicted label and the class probabilities (texts: a row for every input text, with null "
                        + "predictions and the reason in 'invalid' for one that cannot be scored, e.g. empty); "
                        + "forecasting: the next horizon steps of every "
                        + "series (with model.quantiles, also one <target>_q<level> column per level, e.g. "
                        + "Temp_q0.1); a model with sequence.future-columns or sequence.calendar reads the forecast "
                        + "steps from the rows after each series' last target value (targets empty, future columns "
                        + "given). Never writes over an existing output. A language model scores no rows: use "
                        + "generate, or evaluate for its loss on a text."})
final class PredictCommand implements Callable<Integer> {
    private static final Set<String> READABLE = Set.of("csv", "tsv", "parquet", "json", "table");
    /** Training inputs that are not rows to score. */
    private static final Set<String> NOT_ROWS = Set.of("idx", "text", "generated");
    private static final String FORMATS = "csv, tsv, parquet, json, table (--input names a catalog table) or "
            + "another Spark data source's name (orc, avro, ...)";

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A run's model folder (<run>/model, or the run folder), any Hadoop FS URI.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "URI",
            description = "Rows to score: file, folder or glob (with --format table: a catalog table).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "URI",
            description = "Where the Parquet predictions go (must not exist yet).")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, tsv, parquet, json, table or another Spark source (orc, ...). Default: the format "
                    + "the model was trained on.")
    String format;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a key of the model's saved configuration, e.g. --set data.options.sep=';'.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: the saved spark.master).")
    String master;

    @Override
    public Integer call() throws Exception {
        model = ModelBundle.locate(model);
        List<String> overrides = new ArrayList<>(sets);
        if (master != null) {
            overrides.add("spark.master=" + master);
        }
        JobConfig saved = ConfigLoader.load(model + "/" + ModelBundle.CONFIG, overrides);
        Tasks.of(saved).requireScoresRows(model);
        String readAs = format != null ? format : saved.data().format();
        String problem = NOT_ROWS.contains(readAs) ? "" : READABLE.contains(readAs) ? null
                : SparkSources.problem(readAs);
        if (problem != null) {
            throw new UserError(format != null ? "--format " + format + ": expected " + FORMATS
                    + (problem.isEmpty() ? "" : " (" + problem + ")")
                    : "--format is required: the model was trained on " + readAs + " data; say how to read "
                    + input + " (" + FORMATS + ")");
        }
        JobConfig.Data data = new JobConfig.Data(readAs, input, null, null, null, saved.data().options(),
                saved.data().generator());
        JobConfig config = new JobConfig(saved.job(), saved.spark(), saved.task(), data, saved.sequence(),
                saved.forecast(), saved.text(), saved.split(), saved.model(), saved.training(), saved.resolved());
        long rows = PredictJob.run(config, model, input, output);
        System.out.println("Wrote " + rows + " predictions to " + output);
        return 0;
    }
}
