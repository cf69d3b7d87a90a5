package org.eventsourcing4j.cli.internal;

import picocli.CommandLine.Command;

/** The top of the command tree; holds what every command runs in. */
@Command(name = "es4j", mixinStandardHelpOptions = true, versionProvider = Es4jCommand.Version.class,
        description = "Operator tools for eventsourcing4j stores: streams, events, the global log, projections,"
                + " parked events, the held-back horizon, export and import, and the web console.",
        subcommands = {StreamsCommand.class, StreamCommand.class, EventCommand.class, LogCommand.class,
                ProjectionsCommand.class, ProjectionCommand.class, SegmentsCommand.class, ParkedCommand.class, HorizonCommand.class,
                ExportCommand.class, ImportCommand.class, SnapshotsCommand.class, ConsoleCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage, 3 not found, 4 store unavailable,"
                + " 5 input refused, 6 timed out (docs/cli.md)."})
public final class Es4jCommand {
    private final Context context;

    public Es4jCommand(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Es4jCommand.class.getPackage().getImplementationVersion();
            return new String[] {"es4j " + (version == null ? "(development build)" : version)};
        }
    }
}
