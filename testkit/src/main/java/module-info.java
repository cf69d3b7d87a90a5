/**
 * The contract suites every store and every broker publisher must pass, the aggregate
 * fixture, and temporary PostgreSQL clusters for tests.
 */
module org.eventsourcing4j.testkit {
    requires transitive org.eventsourcing4j.jdbc;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires java.management;
    // The publisher fault contract reads the publisher's meters; optional, as in core.
    requires static micrometer.core;

    exports org.eventsourcing4j.testkit;
    exports org.eventsourcing4j.testkit.postgres;
    exports org.eventsourcing4j.testkit.publishing;
}
