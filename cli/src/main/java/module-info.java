/**
 * Operator tools: the {@code es4j} command line ({@code org.eventsourcing4j.cli}) and the web
 * console an application mounts ({@code org.eventsourcing4j.console}). The stores and the
 * connection pool are optional: an application that mounts the console brings its own store;
 * the runnable {@code es4j.jar} has them all. Internal packages are not exported; the
 * commands are opened to picocli, which fills their options in.
 */
module org.eventsourcing4j.cli {
    requires transitive org.eventsourcing4j.jdbc;
    requires transitive jdk.httpserver;
    requires static transitive org.eventsourcing4j.postgres;
    requires static org.eventsourcing4j.sqlite;
    requires static org.postgresql.jdbc;
    requires static com.zaxxer.hikari;
    requires info.picocli;
    requires org.slf4j;

    exports org.eventsourcing4j.cli;
    exports org.eventsourcing4j.console;

    opens org.eventsourcing4j.cli.internal to info.picocli;

    uses org.eventsourcing4j.console.ConsoleExtension;
}
