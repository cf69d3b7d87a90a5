/**
 * Dynamic Consistency Boundaries (the specification at dcb.events): events carry
 * {@link org.eventsourcing4j.store.EventData#tags() tags}; a decision reads the events that
 * match an {@link EventQuery} and appends on the {@link AppendCondition} that nothing
 * matching that query was appended after the position it read up to. Stores that offer it
 * return {@link ConsistencyBoundaries} from
 * {@link org.eventsourcing4j.store.EventStore#consistencyBoundaries()}. See docs/dcb.md.
 */
package org.eventsourcing4j.store.dcb;
