package org.eventsourcing4j.store;

import java.util.List;

/**
 * An {@link EventWriter#appendAll(List) atomic append across streams} was refused because
 * the versions of one or more streams did not satisfy their batches' expectations. Nothing
 * of any batch was written. {@link #conflicts()} names each such stream with its expected and
 * actual versions (in {@link StreamId#compareTo} order); {@link #stream()},
 * {@link #expected()} and {@link #actualVersion()} are those of the first. Retryable: reload,
 * decide again, append again.
 */
public class MultiStreamConflictException extends ConcurrencyConflictException {
    private static final long serialVersionUID = 1L;

    private final List<StreamConflict> conflicts;

    public MultiStreamConflictException(List<StreamConflict> conflicts) {
        this(conflicts, null);
    }

    public MultiStreamConflictException(List<StreamConflict> conflicts, String detail) {
        super(message(conflicts, detail), first(conflicts).stream(), first(conflicts).expected(),
                first(conflicts).actualVersion());
        this.conflicts = List.copyOf(conflicts);
    }

    /** Every conflicting stream found, at least one. */
    public List<StreamConflict> conflicts() {
        return conflicts;
    }

    private static StreamConflict first(List<StreamConflict> conflicts) {
        if (conflicts == null || conflicts.isEmpty()) {
            throw new InvalidArgumentException("conflicts", "must name at least one stream");
        }
        return conflicts.get(0);
    }

    private static String message(List<StreamConflict> conflicts, String detail) {
        first(conflicts);
        StringBuilder message = new StringBuilder("concurrency conflict on ")
                .append(conflicts.size() == 1 ? "stream " : conflicts.size() + " streams ");
        for (int i = 0; i < conflicts.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(conflicts.get(i));
        }
        return message.append(detail == null ? "" : " (" + detail + ")").toString();
    }
}
