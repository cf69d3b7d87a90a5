package org.eventsourcing4j.jdbc;

import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * A read model in the event store's database, declared once and wired in one call: its
 * name names the checkpoint row, the parked events and the lease; {@link #runner} builds the
 * exactly-once target on the store's checkpoint table, parks failing events in the store's
 * dead-letter table (so they survive a restart), runs under the store's lease (so one
 * application instance at a time projects, the others follow its checkpoint) and reports to
 * the store's projection control (so operators' tools see it and can pause, rebuild, reset
 * or replay it).
 *
 * <pre>{@code
 * ProjectionRunner accounts = JdbcProjection.of("accounts", new AccountProjection(codec))
 *         .withReset(AccountProjection::clear)
 *         .withOptions(ProjectionOptions.DEFAULTS.withFilter(AccountProjection.filter()))
 *         .runner(store);
 * accounts.start();
 * }</pre>
 *
 * @param reset   clears the read model for a rebuild, in the transaction that deletes the checkpoint
 * @param options how it runs; its dead-letter store, lease and control are replaced by the store's
 */
public record JdbcProjection(String name, JdbcEventHandler handler, SqlAction<RuntimeException> reset,
                             ProjectionOptions options) {

    public JdbcProjection {
        Text.identifier(name, "projection name", 200);
        Checks.notNull(handler, "handler");
        Checks.notNull(reset, "reset");
        Checks.notNull(options, "options");
    }

    /** A projection named {@code name} applying events with {@code handler}; a rebuild resets nothing but the checkpoint. */
    public static JdbcProjection of(String name, JdbcEventHandler handler) {
        return new JdbcProjection(name, handler, connection -> { }, ProjectionOptions.DEFAULTS);
    }

    public JdbcProjection withReset(SqlAction<RuntimeException> newReset) {
        return new JdbcProjection(name, handler, newReset, options);
    }

    public JdbcProjection withOptions(ProjectionOptions newOptions) {
        return new JdbcProjection(name, handler, reset, newOptions);
    }

    /** The runner on {@code store}, reading the store's own global log; not started. */
    public ProjectionRunner runner(JdbcEventStore store) {
        return runner(store, store);
    }

    /** The runner on {@code store}, reading {@code log} (the store, or a decorator of it such as a metered one). */
    public ProjectionRunner runner(JdbcEventStore store, GlobalLogReader log) {
        Checks.notNull(store, "store");
        Checks.notNull(log, "log");
        JdbcProjectionTarget target = new JdbcProjectionTarget(name, store, store.checkpoints(), handler, reset);
        return ProjectionRunner.create(name, log, target,
                options.withDeadLetters(store.deadLetters()).withLease(store.lease(name))
                        .withControl(store.projectionControl()));
    }
}
