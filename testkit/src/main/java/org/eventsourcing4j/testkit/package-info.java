/**
 * The event-store contract suite ({@link org.eventsourcing4j.testkit.EventStoreContract}) that
 * every store must pass, and test fixtures for aggregates.
 */
package org.eventsourcing4j.testkit;
