/**
 * eventsourcing4j's core: the store API and its values and errors, the in-memory store,
 * serialization and upcasting, aggregates and the repository, snapshots, the projection
 * engine, and publishing the log to a broker (the broker-neutral half). Packages named
 * {@code internal} are not exported.
 */
module org.eventsourcing4j.core {
    requires transitive tools.jackson.databind;
    requires org.slf4j;
    requires static micrometer.core;

    exports org.eventsourcing4j.aggregate;
    exports org.eventsourcing4j.projection;
    exports org.eventsourcing4j.publishing;
    exports org.eventsourcing4j.serialization;
    exports org.eventsourcing4j.shredding;
    exports org.eventsourcing4j.snapshot;
    exports org.eventsourcing4j.store;
    exports org.eventsourcing4j.store.dcb;
    exports org.eventsourcing4j.store.memory;
    exports org.eventsourcing4j.store.metrics;
    exports org.eventsourcing4j.store.spi;
    exports org.eventsourcing4j.support;

    // The testkit checks that an aggregate handles every permitted event type with it.
    exports org.eventsourcing4j.aggregate.internal to org.eventsourcing4j.testkit;
}
