package io.seqspark.notebook;

import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Jupyter kernel for Java notebooks that use seqspark: JJava's Jupyter protocol library ({@code jjava-jupyter})
 * with a JShell front end that runs cells in this JVM, so cells see seqspark and its dependencies (the kernel's
 * class path) and can show charts through {@link Show}. A compile error or an exception fails the cell, so a
 * headless run ({@code jupyter nbconvert --execute}) fails on any broken cell.
 *
 * <p>Started by Jupyter from the kernel spec that {@code notebooks/run} writes:
 * {@code java @jobs/java17.args -cp CLASSPATH io.seqspark.notebook.NotebookKernel CONNECTION_FILE}.
 */
public final class NotebookKernel extends BaseKernel {
    private final JShell shell;

    private NotebookKernel(String name, String version, LanguageInfo language, HistoryManager history,
                           JupyterIO io, CommManager comms, Renderer renderer, MagicParser magics,
                           MagicsRegistry registry, StringStyler errors) {
        super(name, version, language, List.of(), history, io, comms, renderer, magics, registry, false, errors);
        // "local": cells run in this JVM, so what they show reaches the kernel directly.
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
    }

    private static final class Builder extends BaseKernelBuilder<Builder, NotebookKernel> {
        @Override
        public NotebookKernel build() {
            LanguageInfo java = new LanguageInfo.Builder("java").version(Runtime.version().toString())
                    .mimetype("text/x-java-source").fileExtension(".jshell").pygments("java").codemirror("java")
                    .build();
            return new NotebookKernel("seqspark-java", "1.0", java, buildHistoryManager(),
                    buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
                    new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()), buildMagicsRegistry(),
                    buildErrorStyler());
        }
    }

    /** Runs a cell snippet by snippet; returns the value of the last expression (as text), or null. */
    @Override
    public Object evalRaw(String code) {
        String remaining = code;
        String lastValue = null;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                throw new CellError("incomplete code at: " + remaining.strip());
            }
            for (SnippetEvent event : shell.eval(info.source())) {
                if (event.exception() != null) {
                    throw new CellError(describe(event.exception()), event.exception());
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    String errors = shell.diagnostics(event.snippet())
                            .map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
                    throw new CellError("does not compile:\n" + event.snippet().source().strip() + "\n" + errors);
                }
                if (event.causeSnippet() == null) {
                    // An expression (JShell keeps it as a temporary variable such as $1) or a bare variable.
                    Snippet.SubKind kind = event.snippet().subKind();
                    // As in IPython, a trailing semicolon hides the value: only bare expressions show it.
                    boolean value = (kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                            || kind == Snippet.SubKind.VAR_VALUE_SUBKIND)
                            && !info.source().strip().endsWith(";");
                    lastValue = value ? event.value() : null;
                }
            }
            remaining = info.remaining();
        }
        return lastValue;
    }

    private static String describe(Throwable t) {
        if (t instanceof EvalException e) {
            return e.getExceptionClassName() + ": " + e.getMessage();
        }
        return t.toString();
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return null;
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.Completeness c = shell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
        return c.isComplete() ? IS_COMPLETE_YES : c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                ? IS_COMPLETE_MAYBE : IS_COMPLETE_BAD;
    }

    @Override
    public List<String> formatError(Throwable e) {
        List<String> lines = new ArrayList<>(List.of(String.valueOf(e.getMessage()).split("\n")));
        if (e.getCause() instanceof EvalException cause) {
            for (StackTraceElement s : cause.getStackTrace()) {
                lines.add("    at " + s);
            }
        }
        return lines;
    }

    /** A cell that did not compile or threw. */
    static final class CellError extends RuntimeException {
        CellError(String message) {
            super(message);
        }

        CellError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A kernel not yet connected to Jupyter (tests evaluate cells with it). */
    static NotebookKernel create() {
        return new Builder().build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: NotebookKernel CONNECTION_FILE (Jupyter starts it from the kernel spec)");
            System.exit(2);
        }
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(properties);
        NotebookKernel kernel = create();
        kernel.installNotebookKernel();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }
}
