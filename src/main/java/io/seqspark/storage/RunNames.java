package io.seqspark.storage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Job names and run ids become one folder name each under {@code job.output}: {@code <output>/<job>/<run-id>/}.
 * Anything that could name another folder ({@code .}, {@code ..}, separators), hide a folder (a leading dot, which
 * seqspark uses for its own in-progress, lock and checkpoint entries), or that a file system or shell mangles
 * (control characters, spaces, {@code :} which Hadoop reads as a URI scheme) is refused before any work.
 */
public final class RunNames {
    /** What a valid name looks like, as said in error messages. */
    public static final String ALLOWED = "1-200 ASCII letters, digits and . _ = - , starting with a letter, digit "
            + "or _, without \"..\"";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._=-]{0,199}");

    private RunNames() {
    }

    /** @return null when {@code value} is a valid job name or run id, else what is wrong with it */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "expected " + ALLOWED + ", found an empty value";
        }
        if (!VALID.matcher(value).matches() || value.contains("..")) {
            return "expected " + ALLOWED + " (it becomes one folder name under job.output), found \""
                    + printable(value) + "\"";
        }
        return null;
    }

    /** Run ids share their folder with the job's LATEST pointer. */
    public static String runIdProblem(String value) {
        String problem = problem(value);
        if (problem == null && value.toUpperCase(Locale.ROOT).equals(RunStore.LATEST)) {
            return "\"" + value + "\" is reserved (the job's LATEST pointer file); choose another run id";
        }
        return problem;
    }

    static void require(String what, String value, boolean runId) {
        String problem = runId ? runIdProblem(value) : problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(what + ": " + problem);
        }
    }

    /** Control characters shown as \\uXXXX, so an error message never carries them to a terminal or log. */
    static String printable(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
