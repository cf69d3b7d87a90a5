/** The PostgreSQL event store. {@code org.eventsourcing4j.postgres.internal} is not exported. */
module org.eventsourcing4j.postgres {
    requires transitive org.eventsourcing4j.jdbc;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports org.eventsourcing4j.postgres;
}
