/**
 * Aggregates and their repository. An aggregate's command methods check the rules and
 * {@linkplain org.eventsourcing4j.aggregate.AggregateRoot#raise raise} events; its one
 * {@code apply} step changes state per event. The
 * {@link org.eventsourcing4j.aggregate.AggregateRepository} loads an aggregate from its
 * stream (now, at a version, or as of an instant) and saves its new events under the
 * version it was loaded at.
 */
package org.eventsourcing4j.aggregate;
