package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.store.EventSourcingException;

/** An aggregate was asked to apply an event type its apply step does not handle: a programming error. */
public class UnhandledEventException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public UnhandledEventException(Class<?> aggregateClass, Object event) {
        super(aggregateClass.getSimpleName() + " does not handle events of type "
                + (event == null ? "null" : event.getClass().getName()) + ": add it to its apply step");
    }
}
