package io.seqspark.notebook;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notebooks' kernel: cells see the project's classes, bare expressions show values, errors fail the cell. */
class NotebookKernelTest {
    private static NotebookKernel kernel;

    @BeforeAll
    static void start() {
        kernel = NotebookKernel.create();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void cellsShareStateAndShowTheLastBareExpression() {
        assertNull(kernel.evalRaw("int x = 20;\nint y = x + 1;"));
        assertEquals("42", kernel.evalRaw("int z = y * 2;\nz"));
        assertNull(kernel.evalRaw("z + 1;"), "a trailing semicolon hides the value");
    }

    @Test
    void cellsSeeSeqsparkOnTheClassPath() {
        assertEquals("\"lstm\"", kernel.evalRaw(
                "io.seqspark.config.ConfigLoader.load(null, java.util.List.of()).model().cell().key()"));
    }

    @Test
    void aCompileErrorFailsTheCell() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> kernel.evalRaw("int a = notDefined();"));
        assertTrue(e.getMessage().contains("does not compile") && e.getMessage().contains("notDefined"),
                e.getMessage());
    }

    @Test
    void anExceptionFailsTheCell() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> kernel.evalRaw("if (true) throw new IllegalStateException(\"boom\");"));
        assertTrue(e.getMessage().contains("IllegalStateException") && e.getMessage().contains("boom"),
                e.getMessage());
    }
}
