package org.eventsourcing4j.testkit.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/** Checks what a broker holds against the log it was published from. */
public final class PublishedLog {
    private PublishedLog() {
    }

    /**
     * Asserts: every event of {@code log} was received, with its whole envelope; nothing
     * was received that is not in the log (no rolled-back appends, no invented ids); each
     * stream's events first arrive in version order; every duplicate is an exact copy
     * (same id, same envelope); at most {@code maxDuplicates} duplicates.
     *
     * @return how many duplicates there were
     */
    public static int assertPublished(List<RecordedEvent> log, List<RecordedEvent> received, int maxDuplicates) {
        Map<UUID, RecordedEvent> byId = new HashMap<>();
        for (RecordedEvent event : log) {
            byId.put(event.eventId(), event);
        }
        Map<UUID, RecordedEvent> seen = new LinkedHashMap<>();
        Map<StreamId, Long> lastVersion = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int duplicates = 0;
        for (RecordedEvent message : received) {
            RecordedEvent stored = byId.get(message.eventId());
            if (stored == null) {
                problems.add("received an event that is not in the log: " + message);
                continue;
            }
            if (!stored.equals(message)) {
                problems.add("envelope or data differ for " + stored + ": received " + message
                        + " data " + message.dataAsString() + " metadata " + message.metadata());
            }
            if (seen.putIfAbsent(message.eventId(), message) != null) {
                duplicates++;
                continue;
            }
            Long previous = lastVersion.put(message.streamId(), message.version());
            if (previous != null && previous >= message.version()) {
                problems.add("stream " + message.streamId() + ": version " + message.version()
                        + " arrived after version " + previous);
            }
        }
        for (RecordedEvent event : log) {
            if (!seen.containsKey(event.eventId())) {
                problems.add("never published: " + event);
            }
        }
        assertThat(problems).as("what the broker holds, against the log").isEmpty();
        assertThat(duplicates).as("duplicates (the documented re-send window allows " + maxDuplicates + ")")
                .isLessThanOrEqualTo(maxDuplicates);
        return duplicates;
    }
}
