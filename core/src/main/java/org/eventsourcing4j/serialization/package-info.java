/**
 * Turning domain event records into stored {@code EventData} and back: an explicit
 * {@link org.eventsourcing4j.serialization.EventTypeRegistry} of stable type names and
 * schema revisions, upcasters that bring old revisions up to date on read, and the Jackson
 * codec that owns all JSON handling.
 */
package org.eventsourcing4j.serialization;
