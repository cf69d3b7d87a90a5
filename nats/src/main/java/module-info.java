/** Publishing the global log to NATS JetStream and consuming it back. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.eventsourcing4j.nats {
    requires transitive org.eventsourcing4j.core;
    // NatsMessages and NatsPublisherOptions use jnats' message, header and connection types.
    requires transitive io.nats.jnats;

    exports org.eventsourcing4j.nats;
}
