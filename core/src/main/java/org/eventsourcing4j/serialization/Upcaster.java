package org.eventsourcing4j.serialization;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.support.Text;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of one stored type name at one revision into its successor: the next
 * revision of the same type, a renamed type, or several events (a split). Upcasters run
 * only on read; stored events are never rewritten. The codec applies them repeatedly until
 * every event has a registered type at its current revision.
 *
 * <p>An upcaster must move forward: an output of the same type needs a higher revision.
 * A renamed type may start again at any revision.
 *
 * @param name     shown in errors, e.g. {@code "MoneyDeposited r1 -> r2"}
 * @param type     the stored type name it reads
 * @param revision the revision it reads
 */
public record Upcaster(String name, String type, int revision, Function<JsonEvent, List<JsonEvent>> function) {

    public Upcaster {
        Text.identifier(name, "upcaster name", 500);
        Text.identifier(type, "event type name", Limits.MAX_EVENT_TYPE_LENGTH);
        if (revision < 1) {
            throw new InvalidArgumentException("revision", "must be at least 1, got " + revision);
        }
        if (function == null) {
            throw new InvalidArgumentException("upcaster function", "must not be null");
        }
    }

    /** Revision {@code fromRevision} of {@code type} becomes revision {@code fromRevision + 1} after {@code change}. */
    public static Upcaster nextRevision(String type, int fromRevision, UnaryOperator<ObjectNode> change) {
        if (change == null) {
            throw new InvalidArgumentException("upcaster function", "must not be null");
        }
        return new Upcaster(type + " r" + fromRevision + " -> r" + (fromRevision + 1), type, fromRevision,
                event -> List.of(event.nextRevision(change.apply(event.data()))));
    }

    /** Events stored as {@code oldType} at {@code revision} are read as {@code newType} at {@code newRevision}, data unchanged. */
    public static Upcaster renamed(String oldType, int revision, String newType, int newRevision) {
        return new Upcaster(oldType + " r" + revision + " -> " + newType + " r" + newRevision, oldType, revision,
                event -> List.of(new JsonEvent(newType, newRevision, event.data())));
    }

    /** Any change, including a split of one stored event into several (their order is kept). */
    public static Upcaster of(String name, String type, int revision, Function<JsonEvent, List<JsonEvent>> function) {
        return new Upcaster(name, type, revision, function);
    }

    @Override
    public String toString() {
        return "Upcaster[" + name + "]";
    }
}
