package org.eventsourcing4j.support;

import java.util.function.Supplier;

/**
 * A value created on first use, once, thread-safely; a creation that throws is tried again
 * on the next use.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> create;
    private volatile T value;

    public Lazy(Supplier<T> create) {
        this.create = Checks.notNull(create, "create");
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Checks.notNull(create.get(), "created value");
                    value = current;
                }
            }
        }
        return current;
    }
}
