package org.eventsourcing4j.shredding;

/**
 * Erases a forgotten subject's copies of personal data outside the events, which its key
 * cannot reach: a read model's rows, snapshots, caches. Runs after the key is destroyed, on
 * every {@link DataKeys#forget} (also a repeated one), so it must be idempotent.
 */
@FunctionalInterface
public interface ErasureHook {
    void erase(String subject);
}
