/** The SQL layer the SQL stores share; depends on the JDK's {@code java.sql} only, no driver. */
module org.eventsourcing4j.jdbc {
    requires transitive org.eventsourcing4j.core;
    requires transitive java.sql;
    requires org.slf4j;

    exports org.eventsourcing4j.jdbc;
}
