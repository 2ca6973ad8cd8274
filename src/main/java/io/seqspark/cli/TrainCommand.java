package io.seqspark.cli;

import io.seqspark.UserError;
import io.seqspark.config.ConfigLoader;
import io.seqspark.config.JobConfig;
import io.seqspark.tasks.Tasks;
import io.seqspark.training.TrainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model and evaluate it on held-out data.",
                "Writes <job.output>/<job.name>/<run-id>/ with model/, report.json, report.html and _SUCCESS.",
                "Without --conf, runs the embedded quickstart (conf/quickstart.conf) on generated data.",
                "A run id that already completed is not trained again (exit 0)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE",
            description = "Job configuration (HOCON), a local path or Hadoop FS URI. Default: the embedded quickstart.")
    String conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a configuration key, e.g. --set training.epochs=3 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (same as --set spark.master=URL).")
    String master;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (same as --set job.run-id=ID).")
    String runId;

    @Option(names = "--resume", description = "Continue an incomplete run (--run-id) from its last checkpoint "
            + "instead of starting over.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        List<String> overrides = new ArrayList<>(sets);
        if (master != null) {
            overrides.add("spark.master=" + master);
        }
        if (runId != null) {
            overrides.add("job.run-id=" + runId);
        }
        JobConfig config = ConfigLoader.load(conf, overrides);
        if (resume && runId == null && sets.stream().noneMatch(x -> x.startsWith("job.run-id="))) {
            throw new UserError("--resume needs --run-id ID: the run to continue");
        }
        TrainJob.Outcome outcome = TrainJob.run(config, resume);
        if (outcome.alreadyComplete()) {
            System.out.println("Run " + config.job().runId() + " of job " + config.job().name()
                    + " already completed: " + outcome.runDir());
            System.out.println("Nothing to do (--set job.overwrite=true trains it again).");
            return 0;
        }
        System.out.println("Run completed: " + outcome.runDir());
        System.out.println(Tasks.of(config).trainSummary(outcome.report()));
        System.out.println("Report: " + outcome.runDir() + "/report.html (machine-readable: report.json)");
        return 0;
    }
}
