package io.seqspark.cli;

import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import io.seqspark.models.ModelBundle;
import io.seqspark.report.RunReport;
import io.seqspark.scoring.EvaluateJob;
import io.seqspark.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a saved model on labelled data (a language model: on text) and write a report run.",
                "Uses the model's saved preprocessing (nothing is refitted) and writes report.json, report.html and "
                        + "_SUCCESS. Classification: every sequence of data.test-path, or of data.path; forecasting: "
                        + "the test period of every series, with the naive, seasonal-naive and exponential-smoothing "
                        + "baselines (the last fitted on each series' training period, as in training); language "
                        + "model: the loss in nats per character and perplexity on the whole text of data.test-path "
                        + "(e.g. --set data.test-path=new.txt), or on the last split.test of every document of "
                        + "data.path, as in training."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A run's model folder (<run>/model, or the run folder), any Hadoop FS URI.")
    String model;

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Job file naming the data (and job.output, job.name). Default: the model's saved "
                    + "configuration, written under job <name>-evaluate.")
    String conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a configuration key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (same as --set spark.master=URL).")
    String master;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id of the evaluation (default: a timestamp).")
    String runId;

    @Override
    public Integer call() throws Exception {
        model = ModelBundle.locate(model);
        List<String> overrides = new ArrayList<>();
        String file = conf;
        if (file == null) {
            file = model + "/" + ModelBundle.CONFIG;
            JobConfig saved = ConfigLoader.load(file, List.of());
            overrides.add("job.name=" + saved.job().name() + "-evaluate");
        }
        // The saved configuration names the training run; an evaluation is a run of its own.
        overrides.add("job.run-id=" + (runId != null ? runId
                : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        if (master != null) {
            overrides.add("spark.master=" + master);
        }
        overrides.addAll(sets);
        JobConfig config = ConfigLoader.load(file, overrides);
        RunReport report = EvaluateJob.run(config, model);
        String dir = config.job().output() + "/" + config.job().name() + "/" + config.job().runId();
        if (report == null) {
            System.out.println("Evaluation " + config.job().runId() + " already completed: " + dir);
            return 0;
        }
        System.out.println("Evaluation completed: " + dir);
        System.out.println(Tasks.of(config).evaluateSummary(report));
        return 0;
    }
}
