package org.eventsourcing4j.cli.internal;

import picocli.CommandLine.Option;

/** How a command reports: tables for people, JSON for scripts; stack traces on request. */
public final class OutputOptions {
    @Option(names = "--json", description = "print JSON instead of tables (one envelope per line for events)")
    boolean json;

    @Option(names = "--verbose", description = "on failure, print the stack trace too")
    boolean verbose;

    public boolean json() {
        return json;
    }
}
