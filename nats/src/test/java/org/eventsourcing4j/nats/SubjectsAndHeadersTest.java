package org.eventsourcing4j.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

class SubjectsAndHeadersTest {

    private static RecordedEvent event(String stream, String type) {
        return new RecordedEvent(UUID.randomUUID(), type, StreamId.of(stream), 1, LogPosition.of(1),
                Instant.parse("2026-03-01T09:00:00Z"), 1, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
    }

    @Test
    void no_stream_id_or_type_makes_an_invalid_or_wildcard_subject() {
        SubjectChoice subjects = SubjectChoice.byCategoryAndType("bank");
        assertThat(subjects.subjectFor(event("account-42", "MoneyDeposited"))).isEqualTo("bank.account.MoneyDeposited");
        for (String hostile : new String[] {"a.b.c-1", "*", ">", "x y z", "ünï", ". .", "-starts-with-dash"}) {
            String subject = subjects.subjectFor(event(hostile, "T.*>"));
            assertThat(subject).as(hostile).matches(SubjectChoice.LITERAL.pattern()).doesNotContain("*", ">", " ")
                    .startsWith("bank.").satisfies(s -> assertThat(s.split("\\.")).hasSize(3));
        }
    }

    @Test
    void a_prefix_or_fixed_subject_with_wildcards_is_refused() {
        for (String bad : new String[] {"bank.>", "bank.*", "", "bank..x", "bank x", ".bank"}) {
            assertThatThrownBy(() -> SubjectChoice.byCategoryAndType(bad)).as(bad).isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> SubjectChoice.fixed(bad)).as(bad).isInstanceOf(InvalidArgumentException.class);
        }
    }

    @Test
    void header_values_are_printable_ascii_and_decode_to_the_original() {
        for (String value : new String[] {"plain", "100% sure", "ünïcode ✓", "two\nlines\r\n", "%41 stays"}) {
            String encoded = NatsMessages.encode(value);
            assertThat(encoded).matches("[\\x20-\\x7e]*");
            assertThat(NatsMessages.decode(encoded)).isEqualTo(value);
        }
    }
}
