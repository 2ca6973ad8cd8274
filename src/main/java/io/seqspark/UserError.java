package io.seqspark;

/**
 * A problem with what the user gave us (arguments, configuration, input data) rather than a bug or an
 * infrastructure failure. The CLI prints only the message and exits with code 2, so the message must name the
 * key, file, column or value at fault and say what was expected.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
