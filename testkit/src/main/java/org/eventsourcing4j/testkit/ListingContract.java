package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamSummary;
import org.junit.jupiter.api.Test;

/** Listing streams: summaries, prefixes taken literally, pages without gaps or repeats. */
public interface ListingContract extends StoreUnderTest {

    private String uniquePrefix(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** Every stream of the listing, page after page, checking each page's cursor. */
    private List<StreamSummary> listAll(StreamListing first) {
        List<StreamSummary> all = new ArrayList<>();
        StreamListing listing = first;
        for (int pages = 0; pages < 1000; pages++) {
            StreamPage page = store().listStreams(listing);
            all.addAll(page.streams());
            if (page.next().isEmpty()) {
                return all;
            }
            assertThat(page.streams()).as("a page with a next cursor").hasSize(listing.limit());
            assertThat(page.next()).contains(page.streams().get(page.streams().size() - 1).stream());
            listing = listing.after(page.next().get());
        }
        throw new AssertionError("the listing did not end after 1000 pages");
    }

    @Test
    default void lists_a_stream_with_its_version_event_count_and_first_and_last_recorded_time() {
        String prefix = uniquePrefix("summary");
        StreamId stream = StreamId.of(prefix + "1");
        Instant first = clock().instant().truncatedTo(ChronoUnit.MICROS);
        store().append(stream, ExpectedVersion.noStream(), events("E", 3));
        Instant last = clock().advance(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MICROS);
        store().append(stream, ExpectedVersion.exactly(3), events("E", 2));

        StreamPage page = store().listStreams(StreamListing.prefix(prefix));
        assertThat(page.streams()).containsExactly(new StreamSummary(stream, 5, 5, first, last));
        assertThat(page.next()).isEmpty();
    }

    @Test
    default void pages_through_the_streams_of_a_prefix_without_gaps_or_repeats() {
        String prefix = uniquePrefix("paged");
        List<StreamId> expected = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            StreamId stream = StreamId.of(prefix + String.format("%02d", i));
            store().append(stream, ExpectedVersion.noStream(), events("E", 1 + i % 3));
            expected.add(stream);
            store().append(StreamId.of("other" + prefix + i), ExpectedVersion.noStream(), event("E", i));
        }
        List<StreamSummary> listed = listAll(StreamListing.prefix(prefix).withLimit(7));
        assertThat(listed).extracting(StreamSummary::stream).containsExactlyElementsOf(expected);
        assertThat(listed).allSatisfy(s -> assertThat(s.version()).isEqualTo(s.eventCount()));
        assertThat(listed.get(1).version()).isEqualTo(3);

        List<StreamSummary> exact = listAll(StreamListing.prefix(prefix).withLimit(25));
        assertThat(exact).hasSize(25);
        assertThat(listAll(StreamListing.all().withLimit(10))).extracting(StreamSummary::stream)
                .containsAll(expected).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    default void takes_the_prefix_literally_without_wildcards() {
        String base = uniquePrefix("literal");
        for (String id : List.of("100%-1", "1000-1", "a_b-1", "aXb-1", "A_b-1")) {
            store().append(StreamId.of(base + id), ExpectedVersion.noStream(), event("E", 1));
        }
        assertThat(ids(base + "100%")).containsExactly(base + "100%-1");
        assertThat(ids(base + "a_")).containsExactly(base + "a_b-1");
        assertThat(ids(base + "A")).containsExactly(base + "A_b-1");
        assertThat(ids(base + "b")).isEmpty();
    }

    private List<String> ids(String prefix) {
        return listAll(StreamListing.prefix(prefix)).stream().map(s -> s.stream().value()).toList();
    }

    @Test
    default void a_stream_whose_first_append_was_refused_is_not_listed() {
        String prefix = uniquePrefix("refused");
        StreamId kept = StreamId.of(prefix + "kept");
        store().append(kept, ExpectedVersion.noStream(), event("E", 1));
        assertThatThrownBy(() -> store().append(StreamId.of(prefix + "never"), ExpectedVersion.exactly(3),
                event("E", 1))).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(ids(prefix)).containsExactly(kept.value());
    }

    @Test
    default void a_listing_continued_after_its_cursor_sees_later_appends() {
        String prefix = uniquePrefix("later");
        StreamId a = StreamId.of(prefix + "a");
        StreamId b = StreamId.of(prefix + "b");
        store().append(a, ExpectedVersion.noStream(), event("E", 1));
        store().append(b, ExpectedVersion.noStream(), event("E", 1));
        StreamPage first = store().listStreams(StreamListing.prefix(prefix).withLimit(1));
        assertThat(first.streams()).extracting(StreamSummary::stream).containsExactly(a);
        assertThat(first.next()).contains(a);

        StreamId c = StreamId.of(prefix + "c");
        store().append(c, ExpectedVersion.noStream(), event("E", 1));
        store().append(a, ExpectedVersion.exactly(1), event("E", 2));
        StreamPage rest = store().listStreams(StreamListing.prefix(prefix).after(first.next().get()));
        assertThat(rest.streams()).extracting(StreamSummary::stream).containsExactly(b, c);
        assertThat(rest.next()).isEmpty();
        assertThat(store().listStreams(StreamListing.prefix(prefix)).streams().get(0).version()).isEqualTo(2);
    }
}
