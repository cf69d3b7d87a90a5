package org.eventsourcing4j.shredding;

import org.eventsourcing4j.store.StreamId;

/**
 * Whose personal data an event carries: the data subject, the unit that {@link DataKeys#forget}
 * erases. Must answer the same subject for every event of that person.
 *
 * @param <E> the event class
 */
@FunctionalInterface
public interface SubjectOf<E> {

    /**
     * @param stream the stream the event is appended to; null when the caller of the codec did not say
     * @return the subject, non-blank, at most {@link DataKeys#MAX_SUBJECT_LENGTH} characters
     */
    String subjectOf(StreamId stream, E event);

    /** The stream's id is the subject: one person per stream, as the bank's accounts. */
    static <E> SubjectOf<E> streamId() {
        return (stream, event) -> {
            if (stream == null) {
                throw new org.eventsourcing4j.store.InvalidArgumentException("stream",
                        "the subject of " + event.getClass().getSimpleName()
                                + " is its stream, so encode it with EventCodec.encode(event, id, metadata, stream)");
            }
            return stream.value();
        };
    }
}
