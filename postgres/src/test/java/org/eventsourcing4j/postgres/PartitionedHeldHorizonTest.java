package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionStatus;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.Segments;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.JdbcSegmentRecording;
import org.eventsourcing4j.testkit.Race;
import org.eventsourcing4j.testkit.SegmentRecording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global-order rule for a partitioned projection: while a transaction that appended is
 * held open, later transactions commit events on every segment; no segment may pass the open
 * transaction's position (each would skip its event for good). Once it commits, every event
 * is applied exactly once, none skipped.
 */
class PartitionedHeldHorizonTest {
    private static final int SEGMENTS = 4;
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("parthorizon");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void no_segment_passes_an_open_appending_transaction_and_after_its_commit_every_event_is_applied_once()
            throws Exception {
        try (PostgresEventStore store = database.store(database.options("es_").withClock(Clock.systemUTC())
                .withHorizonWait(Duration.ofMillis(100)))) {
            JdbcSegmentClaims claims = JdbcSegmentClaims.of(store);
            SegmentRecording recording = new JdbcSegmentRecording(store, database.schema + ".recorded");
            LogPosition early = LogPosition.START;
            for (int i = 0; i < 40; i++) {
                early = append(store, "early-" + (i % 11)).lastPosition();
            }
            try (PartitionedProjection projection = PartitionedProjection.create("held", store, claims,
                    claim -> recording.target(claim, claims),
                    ProjectionOptions.DEFAULTS.withBatchSize(20).withPollInterval(Duration.ofMillis(20)),
                    PartitionOptions.of("solo", SEGMENTS).withHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(2)))) {
                projection.start();
                assertThat(projection.awaitProcessed(early, Duration.ofSeconds(30))).isTrue();

                LogPosition lateLast;
                AppendResult slow;
                try (Connection blocker = database.connect()) {
                    blocker.setAutoCommit(false);
                    int blockerPid = HeldHorizonProjectionTest.backendPid(blocker);
                    slow = store.appendInTransaction(blocker, AppendBatch.of(StreamId.of("slow"), ExpectedVersion.any(),
                            EventData.of("Slow", "{}")));

                    // Four writers, released together by the race's barrier, commit on every segment meanwhile.
                    List<Race.Outcome<LogPosition>> writers = Race.run(4, w -> () -> {
                        LogPosition last = LogPosition.START;
                        for (int i = 0; i < 10; i++) {
                            last = append(store, "late-" + w + "-" + (i % 5)).lastPosition();
                        }
                        return last;
                    });
                    assertThat(writers).allSatisfy(o -> assertThat(o.error()).isNull());
                    lateLast = writers.stream().map(Race.Outcome::value).max(LogPosition::compareTo).orElseThrow();
                    assertThat(lateLast).as("the later commits come after the open transaction in the log")
                            .isGreaterThan(slow.lastPosition());

                    // Every segment has read up to the open transaction and waits there.
                    Eventually.until(Duration.ofSeconds(30), () -> projection.status().segments().stream()
                                    .allMatch(s -> s.local().map(l -> l.waitingFor() != null
                                            && l.waitingFor().contains("backend pid " + blockerPid)).orElse(false)),
                            () -> "segments " + projection.status().segments());
                    PartitionStatus held = projection.status();
                    assertThat(held.segments()).hasSize(SEGMENTS).allSatisfy(s -> assertThat(s.checkpoint())
                            .as("checkpoint of segment %s", s.segment()).isLessThan(slow.lastPosition()));
                    assertThat(recording.applied()).as("applied while the transaction is open").hasSize(40)
                            .allSatisfy(a -> assertThat(a.stream()).startsWith("early-"));
                    assertThat(projection.awaitProcessed(lateLast, Duration.ofMillis(200))).isFalse();

                    blocker.commit();
                }
                LogPosition end = lateLast.isAfter(slow.lastPosition()) ? lateLast : slow.lastPosition();
                assertThat(projection.awaitProcessed(end, Duration.ofSeconds(30)))
                        .as(() -> "processed after the commit: " + projection.status()).isTrue();
                List<UUID> log = new ArrayList<>();
                List<Integer> segments = new ArrayList<>();
                for (RecordedEvent event : Eventually.log(store, 81)) {
                    log.add(event.eventId());
                    if (event.streamId().value().startsWith("late-")) {
                        segments.add(Segments.of(event.streamId(), SEGMENTS));
                    }
                }
                assertThat(segments).as("segments the later commits fell in").containsOnly(0, 1, 2, 3);
                assertThat(log).hasSize(81);
                assertThat(recording.applied()).extracting(SegmentRecording.Applied::eventId)
                        .as("applied, each once, none skipped").containsExactlyInAnyOrderElementsOf(log);
            }
        }
    }

    private static AppendResult append(PostgresEventStore store, String stream) {
        return store.append(StreamId.of(stream), ExpectedVersion.any(), EventData.of("E", "{}"));
    }
}
