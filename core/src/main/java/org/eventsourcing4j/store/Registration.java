package org.eventsourcing4j.store;

/**
 * Something registered with a store — an append listener, an inline projection — that
 * closing removes. Closing twice does nothing.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    @Override
    void close();
}
