package org.eventsourcing4j.projection;

/** What a projection does with an event its handler still fails on after every retry. */
public enum FailurePolicy {
    /** Stop the projection, its checkpoint just before the event, its status failed with the error (the default). */
    STOP,
    /** Put the event into the dead-letter store with the error, move on; it can be listed and replayed later. */
    PARK,
    /** Move on, recording the event and the error in the log and the skipped counter. */
    SKIP
}
