/**
 * Snapshots: an aggregate's state at a version, stored so that a load reads only the
 * events after it. The state is a record of its own with a stable name and a revision
 * ({@link org.eventsourcing4j.snapshot.SnapshotType}); a
 * {@link org.eventsourcing4j.snapshot.SnapshotStore} keeps the newest few per stream; a
 * {@link org.eventsourcing4j.snapshot.SnapshotPolicy} says when to take one; and
 * {@link org.eventsourcing4j.snapshot.SnapshotOptions} hands all of it to an
 * {@link org.eventsourcing4j.aggregate.AggregateRepository}. A snapshot is a shortcut,
 * never the truth: one that cannot be read is ignored, and a load gives the state a full
 * replay gives.
 */
package org.eventsourcing4j.snapshot;
