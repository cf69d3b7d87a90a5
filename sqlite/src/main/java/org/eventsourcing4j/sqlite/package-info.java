/**
 * The SQLite event store: one database file in WAL mode, the embedded zero-setup default.
 * See {@link org.eventsourcing4j.sqlite.SqliteEventStore} and {@code docs/sqlite.md}.
 */
package org.eventsourcing4j.sqlite;
