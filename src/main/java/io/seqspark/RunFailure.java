package io.seqspark;

/**
 * A run that failed for a reason its message fully explains (not bad input, not a bug), such as training that
 * diverged. The CLI prints only the message and exits with code 1; the stack trace only with --verbose.
 */
public class RunFailure extends RuntimeException {
    public RunFailure(String message) {
        super(message);
    }
}
