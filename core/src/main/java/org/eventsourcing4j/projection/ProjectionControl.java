package org.eventsourcing4j.projection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the runners of projections and the operators' tools meet (a CLI, a web console, in
 * another process than the application). Runners {@linkplain #report report} their status and
 * read their {@linkplain #orders orders}; tools read the reports, {@linkplain #pause pause}
 * and resume projections and file {@linkplain #request requests} — rebuild, reset, replay the
 * parked events, restart after a failure — which the instance holding the projection's lease
 * carries out, since only the application knows how to clear its read model. A request filed
 * while no instance runs waits for the next one to start. A pause is state, not a request: it
 * holds across restarts and fail-overs until resumed.
 *
 * <p>Give it to runners with {@link ProjectionOptions#withControl}; the SQL stores keep one in
 * tables beside their checkpoints ({@code JdbcEventStore#projectionControl()}).
 */
public interface ProjectionControl {

    // ---- written by runners ----

    /** Stores what one instance reports of its projection, replacing its previous report. */
    void report(ProjectionReport report);

    /** Removes an instance's report (it stopped). */
    void withdraw(String projection, String instance);

    /** Whether the projection is paused, and its requests nobody claimed yet, oldest first. */
    Orders orders(String projection);

    /** Claims a pending request for {@code instance}; false when it was claimed already (or is unknown). */
    boolean claim(UUID request, String instance, Instant at);

    /** Records what carrying out a claimed request did. */
    void finish(UUID request, String outcome, Instant at);

    // ---- written and read by operators' tools ----

    /** Pauses the projection: runners stop reading until it is resumed. Pausing it again changes nothing. */
    void pause(String projection, String by, Instant at);

    /** Lifts the pause; false when it was not paused. */
    boolean resume(String projection);

    /** Files a request for the projection's running instance. */
    ProjectionRequest request(String projection, ProjectionRequest.Action action, String by, Instant at);

    /** The latest report of every instance of every projection. */
    List<ProjectionReport> reports();

    /** The pauses in force. */
    List<ProjectionPause> pauses();

    Optional<ProjectionRequest> findRequest(UUID request);

    /** The projection's latest requests, newest first, at most {@code limit}. */
    List<ProjectionRequest> requests(String projection, int limit);

    /** What a runner reads at each check. */
    record Orders(boolean paused, List<ProjectionRequest> pending) {
        public Orders {
            pending = List.copyOf(pending);
        }
    }
}
