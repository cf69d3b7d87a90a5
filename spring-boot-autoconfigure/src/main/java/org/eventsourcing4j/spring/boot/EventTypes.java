package org.eventsourcing4j.spring.boot;

import org.eventsourcing4j.serialization.EventTypeRegistry;

/**
 * Adds event types to the application's {@link EventTypeRegistry}: declare one bean per
 * module of events, the types named explicitly (never scanned, never the class name):
 *
 * <pre>{@code
 * @Bean
 * EventTypes orderEvents() {
 *     return types -> types.register(OrderPlaced.class, "OrderPlaced")
 *             .register(OrderShipped.class, "OrderShipped");
 * }
 * }</pre>
 *
 * Every {@code EventTypes} bean is applied, in bean order, to the one registry the
 * auto-configuration builds; an {@code EventTypeRegistry} bean of the application's own
 * replaces it.
 */
@FunctionalInterface
public interface EventTypes {

    void registerTo(EventTypeRegistry.Builder registry);
}
