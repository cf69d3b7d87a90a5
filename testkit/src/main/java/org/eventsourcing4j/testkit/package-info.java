/** The event-store contract suite and aggregate test fixtures. */
package org.eventsourcing4j.testkit;
