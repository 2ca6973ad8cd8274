package io.seqspark.cli;

/** Test access to how the CLI finds the user-facing message in an exception raised inside a Spark job. */
public final class MainAccess {
    private MainAccess() {
    }

    public static String userMessage(Throwable t) {
        return String.valueOf(Main.userError(t) == null ? t : Main.userError(t).getMessage());
    }
}
