package io.seqspark.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every notebook's code (and the README's Java example) still compiles against the project's API, in seconds and
 * without Jupyter, as part of the unit tests; notebooks/run (CI's first step) executes the notebooks, but needs
 * Jupyter and a packaged jar. The cells go, in order, into one method of one
 * class (their imports above it, with JShell's default imports), so a cell that uses a changed or removed API
 * fails here with the notebook's name and the line.
 */
class NotebookCompileTest {
    /** What JShell imports before the first cell (its DEFAULT startup). */
    private static final List<String> JSHELL_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*",
            "java.nio.file.*", "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
            "java.util.regex.*", "java.util.stream.*");

    static Stream<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            List<Path> notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            assertFalse(notebooks.isEmpty(), "no notebooks under notebooks/");
            return notebooks.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void compiles(Path notebook, @TempDir Path classes) throws IOException {
        assertCompiles(notebook.toString(), asClass(notebook), classes);
    }

    /** The README's Java example, with the imports and the SparkSession it assumes. */
    @Test
    void readmeJavaExampleCompiles(@TempDir Path classes) throws IOException {
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("README.md")));
        assertTrue(block.find() && block.group(1).contains("new TextClassifier()"),
                "README.md has its java example");
        String source = "import io.seqspark.ml.*;\nimport io.seqspark.report.Scores;\nimport org.apache.spark.ml.*;\n"
                + "import org.apache.spark.ml.feature.SQLTransformer;\nimport org.apache.spark.sql.*;\n\n"
                + "class ReadmeExample {\n    static void example(SparkSession spark) throws Exception {\n"
                + block.group(1) + "    }\n}\n";
        assertCompiles("README.md's java example", source, classes);
    }

    private static void assertCompiles(String what, String source, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///NotebookCells.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-proc:none", "-nowarn", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")), null, List.of(file)).call();
        String[] lines = source.split("\n", -1);
        String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null) + "\n  at: "
                        + (d.getLineNumber() > 0 ? lines[(int) d.getLineNumber() - 1].strip() : "?"))
                .collect(Collectors.joining("\n"));
        assertTrue(ok, what + " does not compile against the project:\n" + errors);
    }

    /** The notebook's code cells as one class: imports first, the rest in order as one method's body. */
    static String asClass(Path notebook) throws IOException {
        JsonNode cells = new ObjectMapper().readTree(notebook.toFile()).get("cells");
        List<String> imports = new ArrayList<>();
        JSHELL_IMPORTS.forEach(i -> imports.add("import " + i + ";"));
        StringBuilder body = new StringBuilder();
        int values = 0;
        for (JsonNode cell : cells) {
            if (!"code".equals(cell.get("cell_type").asText())) {
                continue;
            }
            StringBuilder code = new StringBuilder();
            cell.get("source").forEach(line -> code.append(line.asText()));
            List<String> statements = new ArrayList<>();
            for (String line : code.toString().split("\n")) {
                (line.startsWith("import ") ? imports : statements).add(line);
            }
            // A bare last expression (the cell shows its value) becomes a statement of its own.
            int last = statements.size() - 1;
            while (last >= 0 && statements.get(last).isBlank()) {
                last--;
            }
            if (last >= 0 && !statements.get(last).strip().matches(".*[;}]\\s*(//.*)?")) {
                statements.set(last, "Object value" + (++values) + " = " + statements.get(last) + ";");
            }
            statements.forEach(s -> body.append("        ").append(s).append('\n'));
        }
        return String.join("\n", imports) + "\n\nclass NotebookCells {\n    static void cells() throws Exception {\n"
                + body + "    }\n}\n";
    }
}
