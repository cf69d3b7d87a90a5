package org.eventsourcing4j.cli.internal;

import java.time.Duration;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.ProjectionView;
import org.eventsourcing4j.cli.internal.ops.Projections;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.projection.ProjectionRequest;
import org.eventsourcing4j.projection.ProjectionStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "projection", description = {"Rebuild, reset, pause or resume a projection. The application's"
        + " instance that runs it carries out rebuild and reset (only it knows its read model) and the"
        + " restart of a failed projection that resume asks for; this waits for the outcome.",
        "  rebuild  clear the read model, checkpoint and parked events, replay from the start",
        "  reset    the same, then stay paused until resumed",
        "  pause    stop reading (kept across restarts) until resumed",
        "  resume   lift a pause; a failed projection retries the event it stopped on"})
final class ProjectionCommand extends Base {
    enum Action { rebuild, reset, pause, resume }

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "ACTION", description = "rebuild, reset, pause or resume")
    Action action;

    @Parameters(index = "1", paramLabel = "NAME", description = "the projection")
    String name;

    @Option(names = "--wait", defaultValue = "30s", converter = Converters.DurationConverter.class,
            description = "how long to wait for the running instance to carry the request out (default 30s)")
    Duration wait;

    @Option(names = "--no-wait", description = "file the request and return")
    boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        try (Target target = store.open()) {
            Projections projections = new Projections(target.store(), context().clock());
            ProjectionView view = projections.find(name).orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
                    "no projection '" + name + "' in " + target.description()));
            String by = Requester.name();
            switch (action) {
                case pause -> {
                    projections.pause(name, by);
                    out().println("paused projection '" + name + "'; its running instance stops at its next check"
                            + (view.holder().isEmpty() ? " (none is running now)" : ""));
                    return done();
                }
                case resume -> {
                    boolean wasPaused = projections.control().resume(name);
                    boolean failed = view.holder().map(r -> r.status().state() == ProjectionStatus.State.FAILED)
                            .orElse(false);
                    out().println(wasPaused ? "resumed projection '" + name + "'"
                            : "projection '" + name + "' was not paused");
                    if (!failed) {
                        return done();
                    }
                    return request(projections, ProjectionRequest.Action.RESTART, by);
                }
                case rebuild -> {
                    return request(projections, ProjectionRequest.Action.REBUILD, by);
                }
                default -> {
                    return request(projections, ProjectionRequest.Action.RESET, by);
                }
            }
        }
    }

    private int request(Projections projections, ProjectionRequest.Action requested, String by)
            throws InterruptedException {
        ProjectionRequest request = projections.requestAndWait(name, requested, by, noWait ? Duration.ZERO : wait);
        return Requester.report(out(), request, noWait);
    }

    private int done() {
        out().flush();
        return ExitCodes.OK;
    }
}
