package org.eventsourcing4j.cli.internal;

import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StoreUnavailableException;

/** Turns a failure into the one line and the exit code the CLI reports. */
public final class Errors {
    private Errors() {
    }

    public static int exitCode(Throwable e) {
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof InvalidArgumentException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof StoreUnavailableException) {
            return ExitCodes.UNAVAILABLE;
        }
        return ExitCodes.FAILED;
    }

    /** The message of {@code e} on one line; unexpected failures say how to see more. */
    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof CliException || e instanceof EventSourcingException)) {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + message;
        }
        return firstLine(message);
    }

    /** The message of the innermost cause, on one line. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }

    private static String firstLine(String text) {
        String line = text.strip();
        int newline = line.indexOf('\n');
        return (newline < 0 ? line : line.substring(0, newline)).strip();
    }
}
