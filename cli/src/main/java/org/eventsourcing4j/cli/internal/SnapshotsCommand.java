package org.eventsourcing4j.cli.internal;

import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.StreamId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "snapshots", description = {"Delete snapshots from the store's snapshot table (they are a cache:"
        + " loads then read the events, and the policy takes new ones).",
        "  delete --type T             every snapshot of type T, in all streams",
        "  delete --stream S           every snapshot of stream S",
        "  delete --stream S --version V  the snapshot of S at version V"})
final class SnapshotsCommand extends Base {
    enum Action { delete }

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "ACTION", description = "delete")
    Action action;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--version", description = "with --stream: only the snapshot at this version")
    Long version;

    static final class Which {
        @Option(names = "--type", paramLabel = "SNAPSHOT_TYPE", required = true, description = "a snapshot type")
        String type;

        @Option(names = "--stream", paramLabel = "STREAM_ID", required = true, description = "a stream")
        String stream;
    }

    @Override
    public Integer call() {
        if (version != null && which.stream == null) {
            throw new CliException(ExitCodes.USAGE, "--version goes with --stream");
        }
        try (Target target = store.open()) {
            SnapshotStore snapshots = target.store().snapshots();
            if (which.type != null) {
                out().println("deleted " + snapshots.deleteAllOfType(which.type) + " snapshot(s) of type '"
                        + which.type + "'");
            } else if (version == null) {
                out().println("deleted " + snapshots.deleteStream(StreamId.of(which.stream)) + " snapshot(s) of stream '"
                        + which.stream + "'");
            } else if (snapshots.delete(StreamId.of(which.stream), version)) {
                out().println("deleted the snapshot of stream '" + which.stream + "' at version " + version);
            } else {
                throw new CliException(ExitCodes.NOT_FOUND, "stream '" + which.stream + "' has no snapshot at version "
                        + version);
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
