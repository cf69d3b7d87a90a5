package org.eventsourcing4j.serialization;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.store.RecordedEvent;

/** Runs a stored event's JSON through the registry's upcasters until none applies. */
final class UpcastChain {
    /** Renames may go back and forth between types; this cuts off a cycle. */
    static final int MAX_STEPS = 100;

    private UpcastChain() {
    }

    static List<JsonEvent> run(EventTypeRegistry registry, RecordedEvent stored, JsonEvent first) {
        Deque<JsonEvent> pending = new ArrayDeque<>();
        pending.push(first);
        List<JsonEvent> done = new ArrayList<>();
        int steps = 0;
        while (!pending.isEmpty()) {
            JsonEvent event = pending.pop();
            Optional<Upcaster> upcaster = registry.upcasterFor(event.type(), event.revision());
            if (upcaster.isEmpty()) {
                done.add(event);
                continue;
            }
            if (++steps > MAX_STEPS) {
                throw failure(stored, upcaster.get(), "was reached after " + MAX_STEPS
                        + " upcasting steps; the upcasters form a cycle", null);
            }
            List<JsonEvent> output = step(stored, upcaster.get(), event);
            // Push in reverse so a split's events come out in the order the upcaster gave.
            for (int i = output.size() - 1; i >= 0; i--) {
                pending.push(output.get(i));
            }
        }
        return done;
    }

    private static List<JsonEvent> step(RecordedEvent stored, Upcaster upcaster, JsonEvent input) {
        List<JsonEvent> output;
        try {
            output = upcaster.function().apply(input);
        } catch (RuntimeException e) {
            throw failure(stored, upcaster, "threw " + e + " on " + input, e);
        }
        if (output == null) {
            throw failure(stored, upcaster, "returned null on " + input + " (return an empty list to retire an event)", null);
        }
        for (JsonEvent event : output) {
            if (event == null) {
                throw failure(stored, upcaster, "returned a null event on " + input, null);
            }
            if (event.type().equals(input.type()) && event.revision() <= input.revision()) {
                throw failure(stored, upcaster, "returned " + event + " from " + input
                        + "; the same type must move to a higher revision", null);
            }
        }
        return output;
    }

    private static UpcastingException failure(RecordedEvent stored, Upcaster upcaster, String problem, Throwable cause) {
        return new UpcastingException(stored.streamId(), stored.version(), stored.type(), stored.revision(),
                upcaster.name(), problem, cause);
    }
}
