package org.eventsourcing4j.aggregate;

import java.util.Optional;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * What a command did.
 *
 * @param aggregate the aggregate after the command: after its events were saved, or as it
 *                  was right after the original run for a replayed command
 * @param appended  where its events went (version, position — wait for a projection to
 *                  reach it to read your writes — and when they were recorded); empty when
 *                  the command raised nothing
 * @param replayed  true when the command's idempotency key showed it was carried out
 *                  before: nothing was appended now, {@code appended} is the original append
 */
public record CommandResult<A>(A aggregate, Optional<AppendResult> appended, boolean replayed) {
    public CommandResult {
        if (aggregate == null || appended == null) {
            throw new InvalidArgumentException("command result", "must not contain nulls");
        }
    }
}
