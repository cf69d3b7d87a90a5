package org.eventsourcing4j.benchmarks.brokers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;

/**
 * The publishers against a bare client loop in the same run. Throughput: the same
 * {@code events} (on 1,000 streams, in an in-memory store so that the store costs nothing)
 * go once through a bare loop (the broker client with the publisher's settings, every
 * message sent asynchronously, then every acknowledgement awaited) and once through an
 * {@link EventPublisher} catching up from the start; rounds alternate which goes first;
 * the ratio is publisher / bare. Latency: with the publisher running at the head, one
 * event is appended at a time and the time from the append's return (commit) to the
 * checkpoint passing it (every acknowledgement in) is measured; p50 and p99.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.brokers.BrokerHarness \
 *     broker=nats address=nats://127.0.0.1:4222 events=200000 rounds=5 latency=2000
 * </pre>
 * Arguments: {@code broker} kafka or nats; {@code address} the bootstrap servers or NATS
 * URL; {@code events}, {@code rounds}, {@code latency} (events measured one at a time),
 * {@code page} (the publisher's page size, default 500). A smoke run:
 * {@code events=2000 rounds=1 latency=50}.
 */
public final class BrokerHarness {
    private BrokerHarness() {
    }

    static PublisherOptions publisherOptions(String name) {
        return PublisherOptions.of(name, new InMemoryCheckpointStore());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> arguments = new TreeMap<>(Map.of("broker", "nats", "address", "nats://127.0.0.1:4222",
                "events", "200000", "rounds", "5", "latency", "2000", "page", "500"));
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2 || !arguments.containsKey(pair[0])) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; known: " + arguments.keySet());
            }
            arguments.put(pair[0], pair[1]);
        }
        int events = Integer.parseInt(arguments.get("events"));
        int rounds = Integer.parseInt(arguments.get("rounds"));
        int latencyEvents = Integer.parseInt(arguments.get("latency"));
        int page = Integer.parseInt(arguments.get("page"));
        String address = arguments.get("address");
        try (BrokerSide side = arguments.get("broker").equals("kafka") ? new KafkaSide(address) : new NatsSide(address)) {
            System.out.printf("%s, %d events of %d bytes on 1,000 streams, pages of %d, %d rounds, %s%n",
                    side.name(), events, payload(0).length(), page, rounds, arguments);
            InMemoryEventStore store = new InMemoryEventStore();
            fill(store, events);
            List<RecordedEvent> log = readAll(store);
            System.out.println("| round | bare msgs/s | publisher msgs/s | ratio |");
            System.out.println("|---:|---:|---:|---:|");
            double[] ratios = new double[rounds];
            for (int round = 1; round <= rounds; round++) {
                double bare = 0;
                double published;
                if (round % 2 == 1) {
                    bare = timeBare(side, log);
                }
                published = timePublisher(side, store, "bench-" + round, page);
                if (round % 2 == 0) {
                    bare = timeBare(side, log);
                }
                ratios[round - 1] = published / bare;
                System.out.printf("| %d | %,.0f | %,.0f | %.2f |%n", round, bare, published, ratios[round - 1]);
            }
            Arrays.sort(ratios);
            System.out.printf("median ratio publisher/bare: %.2f%n", ratios[rounds / 2]);
            latency(side, latencyEvents, page);
        }
    }

    private static double timeBare(BrokerSide side, List<RecordedEvent> log) throws Exception {
        long start = System.nanoTime();
        side.sendBare(log);
        return log.size() / seconds(start);
    }

    private static double timePublisher(BrokerSide side, InMemoryEventStore store, String name, int page) throws Exception {
        try (EventPublisher publisher = side.publisher(store, publisherOptions(name).withBatchSize(page))) {
            long start = System.nanoTime();
            publisher.start();
            if (!publisher.awaitPublished(store.headPosition(), Duration.ofMinutes(30))) {
                throw new IllegalStateException("the publisher did not finish: " + publisher.health());
            }
            return publisher.status().processed() / seconds(start);
        }
    }

    private static void latency(BrokerSide side, int count, int page) throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        long[] nanos = new long[count];
        PublisherOptions options = publisherOptions("latency").withBatchSize(page);
        options = options.withProjection(options.projection().withPollInterval(Duration.ofMillis(100)));
        try (EventPublisher publisher = side.publisher(store, options)) {
            publisher.start();
            for (int i = 0; i < count; i++) {
                AppendResult result = store.append(StreamId.of("account-" + (i % 1000)), ExpectedVersion.any(),
                        event(i));
                long committed = System.nanoTime();
                if (!publisher.awaitPublished(result.lastPosition(), Duration.ofSeconds(60))) {
                    throw new IllegalStateException("not published within 60 s: " + publisher.health());
                }
                nanos[i] = System.nanoTime() - committed;
                Thread.sleep(1);
            }
        }
        Arrays.sort(nanos);
        System.out.printf("commit-to-ack latency, %d events one at a time: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                count, nanos[count / 2] / 1e6, nanos[Math.min(count - 1, (int) (count * 0.99))] / 1e6,
                nanos[count - 1] / 1e6);
    }

    private static void fill(InMemoryEventStore store, int events) {
        for (int i = 0; i < events; i++) {
            store.append(StreamId.of("account-" + (i % 1000)), ExpectedVersion.any(), event(i));
        }
    }

    private static EventData event(int i) {
        EventData data = EventData.of(i % 5 == 0 ? "MoneyWithdrawn" : "MoneyDeposited", payload(i));
        return data.withMetadata(new Metadata("request-" + (i / 10), null, Map.of()));
    }

    private static String payload(int i) {
        return "{\"amount\":" + (i % 997) + ",\"currency\":\"EUR\",\"reference\":\"transfer " + i
                + "\",\"note\":\"benchmark payload of a typical account event\"}";
    }

    private static List<RecordedEvent> readAll(InMemoryEventStore store) {
        List<RecordedEvent> all = new ArrayList<>();
        LogPosition after = LogPosition.START;
        while (true) {
            LogPage page = store.readAll(after, 10_000);
            all.addAll(page.events());
            if (page.isEmpty()) {
                return all;
            }
            after = page.next();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
