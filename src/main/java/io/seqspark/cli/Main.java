package io.seqspark.cli;

import io.seqspark.RunFailure;
import io.seqspark.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;

/** Entry point of jobs/seqspark and of spark-submit (--class io.seqspark.cli.Main). */
@Command(name = "seqspark", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, GenerateCommand.class,
                CommandLine.HelpCommand.class},
        description = {"Train LSTM and GRU sequence models on Apache Spark with parameter averaging.", "",
                "Exit codes: 0 success; 2 bad usage, configuration or input data; 1 any other failure."})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler(Main::handle);
        return cmd.execute(args);
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        UserError userError = userError(ex);
        RunFailure explained = userError == null ? inChain(ex, RunFailure.class) : null;
        if (userError != null) {
            err.println("seqspark: error: " + userError.getMessage());
        } else if (explained != null) {
            err.println("seqspark: failed: " + explained.getMessage());
        } else {
            err.println("seqspark: failed: " + ex);
        }
        if (verbose) {
            ex.printStackTrace(err);
        } else if (userError == null && explained == null) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return userError != null ? 2 : 1;
    }

    /** A UserError anywhere in the cause chain (Spark wraps errors raised inside jobs). */
    static UserError userError(Throwable t) {
        return inChain(t, UserError.class);
    }

    private static <T extends Throwable> T inChain(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"seqspark " + (v == null ? "(development build)" : v)};
        }
    }
}
