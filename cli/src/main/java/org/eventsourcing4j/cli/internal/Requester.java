package org.eventsourcing4j.cli.internal;

import java.io.PrintWriter;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.projection.ProjectionRequest;

/** Who files requests from this process, and how their outcome is told. */
final class Requester {
    private Requester() {
    }

    /** The operator: the user this process runs as, on this host. */
    static String name() {
        return System.getProperty("user.name", "unknown") + " (es4j)";
    }

    /** Prints what became of {@code request}; TIMEOUT when nobody carried it out (it stays filed). */
    static int report(PrintWriter out, ProjectionRequest request, boolean noWait) {
        String what = request.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " of projection '" + request.projection() + "'";
        if (request.isFinished()) {
            out.println(what + ", carried out by " + request.claimedBy().orElse("?") + ": "
                    + request.outcome().orElseThrow());
        } else if (noWait) {
            out.println(what + " filed as request " + request.id());
        } else {
            out.println(what + " filed as request " + request.id() + ", but no running instance carried it out in"
                    + " time" + request.claimedBy().map(i -> " (claimed by " + i + ")").orElse("")
                    + "; it stays filed and is carried out when an instance runs the projection");
            out.flush();
            return ExitCodes.TIMEOUT;
        }
        out.flush();
        return ExitCodes.OK;
    }
}
