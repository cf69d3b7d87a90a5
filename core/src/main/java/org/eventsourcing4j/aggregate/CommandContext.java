package org.eventsourcing4j.aggregate;

import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Where a command comes from, carried to every event it causes: those events get this
 * metadata — the correlation id of the whole conversation, the command as their causation
 * id, and any headers (user, tenant, client, ...). The repository attaches it when it
 * saves; domain code never sees it.
 */
public record CommandContext(Metadata metadata) {

    /** No correlation, no causation, no headers. */
    public static final CommandContext NONE = new CommandContext(Metadata.EMPTY);

    public CommandContext {
        if (metadata == null) {
            throw new InvalidArgumentException("metadata", "must not be null (use CommandContext.NONE)");
        }
    }

    /** A command that starts a new conversation: its id is both correlation and causation id. */
    public static CommandContext command(String commandId) {
        requireCommandId(commandId);
        return new CommandContext(new Metadata(commandId, commandId, Map.of()));
    }

    /** A command with a random id that starts a new conversation. */
    public static CommandContext newCommand() {
        return command(UUID.randomUUID().toString());
    }

    /** A command that is part of the conversation {@code correlationId}. */
    public static CommandContext command(String commandId, String correlationId) {
        requireCommandId(commandId);
        if (correlationId == null) {
            throw new InvalidArgumentException("correlation id", "must not be null (use command(commandId) to start one)");
        }
        return new CommandContext(new Metadata(correlationId, commandId, Map.of()));
    }

    /**
     * A command issued in reaction to a stored event (a process manager or policy): it keeps
     * the event's conversation (or starts one at the event) and names the event as cause.
     */
    public static CommandContext reactingTo(RecordedEvent event) {
        String eventId = event.eventId().toString();
        String correlation = event.metadata().correlation().orElse(eventId);
        return new CommandContext(new Metadata(correlation, eventId, Map.of()));
    }

    /** A copy with one more header. */
    public CommandContext withHeader(String name, String value) {
        return new CommandContext(metadata.withHeader(name, value));
    }

    private static void requireCommandId(String commandId) {
        if (commandId == null) {
            throw new InvalidArgumentException("command id", "must not be null");
        }
    }
}
