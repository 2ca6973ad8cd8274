package io.seqspark;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a test's code prints to {@code System.err} (or {@code System.out}), captured around each test and restored
 * after it: {@code @RegisterExtension final CapturedOutput err = CapturedOutput.stderr();}, then {@code err.text()}.
 */
public final class CapturedOutput implements BeforeEachCallback, AfterEachCallback {
    private final boolean stdout;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream saved;

    private CapturedOutput(boolean stdout) {
        this.stdout = stdout;
    }

    public static CapturedOutput stderr() {
        return new CapturedOutput(false);
    }

    public static CapturedOutput stdout() {
        return new CapturedOutput(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        bytes.reset();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (stdout) {
            saved = System.out;
            System.setOut(capture);
        } else {
            saved = System.err;
            System.setErr(capture);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (stdout) {
            System.setOut(saved);
        } else {
            System.setErr(saved);
        }
    }

    /** Everything printed since the test began or since {@link #reset()}, as UTF-8. */
    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was printed so far. */
    public void reset() {
        bytes.reset();
    }

    @Override
    public String toString() {
        return text();
    }
}
