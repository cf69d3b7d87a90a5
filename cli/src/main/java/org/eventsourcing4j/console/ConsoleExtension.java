package org.eventsourcing4j.console;

/**
 * Lets an application's jar teach {@code es4j console} its aggregate types: put the jar on the
 * class path with {@code es4j.jar} and name an implementation in
 * {@code META-INF/services/org.eventsourcing4j.console.ConsoleExtension}. An application that
 * mounts the console itself passes the same to {@link ConsoleOptions#withAggregate} directly.
 */
public interface ConsoleExtension {

    /** {@code options} with this application's additions, e.g. its {@link AggregateView}s. */
    ConsoleOptions configure(ConsoleOptions options);
}
