/**
 * PostgreSQL servers of the tests' own, made from the installed server binaries, for the
 * tests that restart, stop or crash a server or need a streaming replica: such tests must
 * never touch the shared server the other tests use ({@code EVENTSOURCING4J_PG_URL}).
 *
 * <p>{@link org.eventsourcing4j.testkit.postgres.TemporaryPostgres#create()} runs {@code initdb}
 * into a temporary directory and starts the server on a free port of 127.0.0.1;
 * {@link org.eventsourcing4j.testkit.postgres.TemporaryPostgres#createReplica()} adds a hot
 * standby. Both can be stopped, started, restarted and killed, and are deleted by
 * {@code close()} (or at JVM exit). Only processes and the JDK are used: no JDBC driver is
 * needed here; {@code query(sql)} runs {@code psql}.
 *
 * <p>Requirements: the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl},
 * {@code pg_basebackup}, {@code psql}), found through {@code EVENTSOURCING4J_PG_BIN},
 * {@code pg_config --bindir}, {@code /usr/lib/postgresql/<version>/bin} or the {@code PATH}.
 * PostgreSQL refuses to run as root: run as root, the server commands run as OS user
 * {@code postgres} (or {@code EVENTSOURCING4J_PG_OS_USER}) through {@code runuser} or
 * {@code su}, and the temporary directories belong to that user.
 */
package org.eventsourcing4j.testkit.postgres;
