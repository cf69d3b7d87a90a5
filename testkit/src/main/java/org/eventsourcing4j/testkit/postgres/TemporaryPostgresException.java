package org.eventsourcing4j.testkit.postgres;

/**
 * A temporary PostgreSQL server could not be created, started, stopped or asked something:
 * a binary is missing, a command failed or did not finish in time. The message names the
 * command and carries its output (and the end of the server's log where it helps).
 */
public class TemporaryPostgresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemporaryPostgresException(String message) {
        super(message);
    }

    public TemporaryPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
