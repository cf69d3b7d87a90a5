package org.eventsourcing4j.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/**
 * The segmentation's rules: a stable hash of the stream and fair shares. How a partitioned
 * projection behaves in memory (exactly once and in stream order while instances come and go,
 * resizes, rebuilds, fencing) is the testkit's {@code PartitionedProjectionContract}, run on
 * every store; {@link Eventually} serves the monitoring test.
 */
class PartitionedProjectionTest {
    @Test
    void a_stream_always_falls_in_the_same_segment_and_the_segments_share_the_streams() {
        int[] counts = new int[8];
        for (int i = 0; i < 8000; i++) {
            int segment = Segments.of(StreamId.of("account-" + i), 8);
            assertThat(segment).isEqualTo(Segments.of(StreamId.of("account-" + i), 8)).isBetween(0, 7);
            counts[segment]++;
        }
        // CRC-32 of the UTF-8 bytes: a fixed value, the same in every JVM.
        assertThat(Segments.of(StreamId.of("account-1"), 1024)).isEqualTo((int) (crc("account-1") % 1024));
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(800, 1200));
        assertThatThrownBy(() -> Segments.of(StreamId.of("a"), 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("segments");
    }

    private static long crc(String text) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Test
    void shares_are_fair_and_differ_by_at_most_one() {
        List<String> members = List.of("c", "a", "b");
        assertThat(SegmentClaims.share(members, "a", 8)).containsExactlyInAnyOrder(0, 3, 6);
        assertThat(SegmentClaims.share(members, "b", 8)).containsExactlyInAnyOrder(1, 4, 7);
        assertThat(SegmentClaims.share(members, "c", 8)).containsExactlyInAnyOrder(2, 5);
        assertThat(SegmentClaims.share(members, "d", 8)).isEmpty();
    }

    /** Polls a condition for up to 20 s. */
    static final class Eventually {
        static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within 20 s");
                }
                Thread.sleep(10);
            }
        }
    }
}
