/** The contract suites every store must pass, the aggregate fixture, and temporary PostgreSQL clusters for tests. */
module org.eventsourcing4j.testkit {
    requires transitive org.eventsourcing4j.jdbc;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires java.management;

    exports org.eventsourcing4j.testkit;
    exports org.eventsourcing4j.testkit.postgres;
}
