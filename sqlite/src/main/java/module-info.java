/** The SQLite event store. {@code org.eventsourcing4j.sqlite.internal} is not exported. */
module org.eventsourcing4j.sqlite {
    requires transitive org.eventsourcing4j.jdbc;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports org.eventsourcing4j.sqlite;
}
