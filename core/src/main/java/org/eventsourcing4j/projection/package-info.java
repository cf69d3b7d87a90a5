/**
 * Projections: read models kept up to date from the global log by a
 * {@link org.eventsourcing4j.projection.ProjectionRunner}, with checkpoints, retries,
 * failure policies, leases and lag monitoring.
 */
package org.eventsourcing4j.projection;
