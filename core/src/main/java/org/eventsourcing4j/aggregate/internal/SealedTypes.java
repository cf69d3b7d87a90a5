package org.eventsourcing4j.aggregate.internal;

import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eventsourcing4j.store.InvalidArgumentException;

/** The concrete types a sealed hierarchy allows. */
public final class SealedTypes {
    private SealedTypes() {
    }

    /**
     * Every type an instance of {@code root} can have, in declaration order: permitted
     * subtypes, followed through nested sealed types; a {@code non-sealed} subtype stands
     * for itself and its unknown subclasses.
     *
     * @throws InvalidArgumentException when {@code root} is not sealed
     */
    public static Set<Class<?>> leaves(Class<?> root) {
        if (root == null || !root.isSealed()) {
            throw new InvalidArgumentException("event type",
                    (root == null ? "null" : root.getName()) + " is not sealed, so its event types cannot be listed");
        }
        Set<Class<?>> leaves = new LinkedHashSet<>();
        collect(root, leaves);
        return leaves;
    }

    private static void collect(Class<?> type, Set<Class<?>> leaves) {
        if (!type.isSealed()) {
            leaves.add(type);
            return;
        }
        if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
            leaves.add(type); // a concrete sealed class has instances of its own
        }
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            collect(permitted, leaves);
        }
    }
}
