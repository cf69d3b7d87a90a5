package org.eventsourcing4j.nats;

import java.util.regex.Pattern;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Which subject an event is published on. Subjects are routing only (the headers carry the
 * exact stream id and type), so tokens taken from stream ids and types are sanitized: every
 * character outside {@code [A-Za-z0-9_-]} becomes {@code '_'}, so that no stream id (with
 * dots, spaces, {@code *} or {@code >}) can make an invalid or wildcard subject.
 */
@FunctionalInterface
public interface SubjectChoice {
    /** A subject of literal tokens: no wildcards, no empty tokens, no whitespace. */
    Pattern LITERAL = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    String subjectFor(RecordedEvent event);

    /** {@code <prefix>.<stream category>.<event type>}, e.g. {@code bank.account.MoneyDeposited}: the default. */
    static SubjectChoice byCategoryAndType(String prefix) {
        literal(prefix);
        return event -> prefix + "." + token(event.streamId().category()) + "." + token(event.type());
    }

    /** Every event on {@code subject}. */
    static SubjectChoice fixed(String subject) {
        String literal = literal(subject);
        return event -> literal;
    }

    static String literal(String subject) {
        if (subject == null || subject.length() > 1000 || !LITERAL.matcher(subject).matches()) {
            throw new InvalidArgumentException("subject", "'" + subject + "' must be dot-separated tokens of "
                    + "[A-Za-z0-9_-], without wildcards or spaces");
        }
        return subject;
    }

    /** One subject token from any text: characters outside {@code [A-Za-z0-9_-]} become {@code '_'}. */
    static String token(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            out.append(plain ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
