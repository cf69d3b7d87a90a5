package org.eventsourcing4j.kafka;

import java.util.regex.Pattern;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Which topic an event goes to. Each stream's order holds within one topic (the key, the
 * stream id, picks its partition); a choice that sends one stream's events to several
 * topics gives up their order across those topics, so choose by stream (category) rather
 * than by event type when consumers need a stream's order.
 */
@FunctionalInterface
public interface TopicChoice {
    /** Kafka's rule for topic names. */
    Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    String topicFor(RecordedEvent event);

    /** Every event to {@code topic}. */
    static TopicChoice fixed(String topic) {
        String name = legal(topic);
        return event -> name;
    }

    /**
     * {@code <prefix>.<category>} (the stream id's part before the first {@code '-'}), the
     * category's characters outside Kafka's topic alphabet replaced by {@code '_'}.
     */
    static TopicChoice byCategory(String prefix) {
        legal(prefix);
        return event -> prefix + "." + sanitize(event.streamId().category(), 248 - prefix.length());
    }

    static String legal(String topic) {
        if (topic == null || !LEGAL.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new InvalidArgumentException("topic", "'" + topic + "' must match " + LEGAL.pattern());
        }
        return topic;
    }

    private static String sanitize(String token, int maxLength) {
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 0; i < token.length() && out.length() < maxLength; i++) {
            char c = token.charAt(i);
            out.append(c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? c : '_');
        }
        return out.toString();
    }
}
