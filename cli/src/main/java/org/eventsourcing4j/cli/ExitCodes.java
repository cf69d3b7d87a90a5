package org.eventsourcing4j.cli;

/** The exit codes of {@code es4j}, documented in {@code docs/cli.md}. */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** An unexpected failure (a bug, or a storage error such as a full disk); {@code --verbose} shows the stack trace. */
    public static final int FAILED = 1;
    /** Bad usage: an unknown command or option, a malformed value (URL, position, event id, instant). */
    public static final int USAGE = 2;
    /** What was asked for does not exist: a stream, an event, a projection, a parked event. */
    public static final int NOT_FOUND = 3;
    /** The store could not be reached or opened: the database is down, refuses the login, or holds no event store. */
    public static final int UNAVAILABLE = 4;
    /** The input was refused: a corrupt NDJSON line, or an import with conflicting events (see the report). */
    public static final int REFUSED = 5;
    /** No running instance carried out a projection request in time; the request stays filed. */
    public static final int TIMEOUT = 6;

    private ExitCodes() {
    }
}
