package org.eventsourcing4j.shredding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.eventsourcing4j.support.Checks;

/** A {@link DataKeyStore} in memory, for the in-memory event store and tests. */
public final class InMemoryDataKeyStore implements DataKeyStore {
    private final ConcurrentSkipListMap<String, DataKeyRecord> rows = new ConcurrentSkipListMap<>();

    @Override
    public Optional<DataKeyRecord> find(String subject) {
        return Optional.ofNullable(rows.get(DataKeys.checkSubject(subject)));
    }

    @Override
    public DataKeyRecord insertIfAbsent(DataKeyRecord record) {
        Checks.notNull(record, "data key record");
        DataKeyRecord existing = rows.putIfAbsent(record.subject(), record);
        return existing == null ? record : existing;
    }

    @Override
    public boolean forget(String subject, Instant at) {
        DataKeys.checkSubject(subject);
        Checks.notNull(at, "forgotten at");
        boolean[] destroyed = {false};
        rows.compute(subject, (key, row) -> {
            if (row != null && row.forgotten()) {
                return row;
            }
            destroyed[0] = row != null;
            return new DataKeyRecord(subject, "", null, row == null ? at : row.createdAt(), at);
        });
        return destroyed[0];
    }

    @Override
    public List<DataKeyRecord> livePage(String afterSubject, int limit) {
        Map<String, DataKeyRecord> tail = afterSubject == null ? rows : rows.tailMap(afterSubject, false);
        List<DataKeyRecord> page = new ArrayList<>();
        for (DataKeyRecord row : tail.values()) {
            if (page.size() >= limit) {
                break;
            }
            if (!row.forgotten()) {
                page.add(row);
            }
        }
        return page;
    }

    @Override
    public boolean replace(DataKeyRecord expected, DataKeyRecord replacement) {
        Checks.notNull(expected, "expected");
        Checks.notNull(replacement, "replacement");
        return rows.replace(expected.subject(), expected, replacement);
    }
}
