/**
 * Micrometer meters for an event store: {@link org.eventsourcing4j.store.metrics.MeteredEventStore}.
 * Micrometer is an optional dependency of core; nothing outside this package refers to it
 * (except {@link org.eventsourcing4j.projection.ProjectionMetrics}), so these classes load
 * only when an application uses them.
 */
package org.eventsourcing4j.store.metrics;
