/**
 * Publishing the global log to Apache Kafka and consuming it back. Kafka's client jar has no
 * module name of its own; {@code kafka.clients} is the one the JDK derives from its file name.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.eventsourcing4j.kafka {
    requires transitive org.eventsourcing4j.core;
    // KafkaRecords maps between events and Kafka's record types.
    requires transitive kafka.clients;

    exports org.eventsourcing4j.kafka;
}
