package org.eventsourcing4j.benchmarks.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eventsourcing4j.benchmarks.sidebyside.CpuProbe;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresReplica;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.postgres.TemporaryPostgres;
import org.eventsourcing4j.testkit.postgres.TemporaryReplica;

/**
 * Stream-read throughput from a streaming replica against the primary, on a primary and a
 * hot standby of the benchmark's own (TemporaryPostgres, on this machine). Readers load whole
 * streams picked at random, through the store's public API, for a fixed time; the runs
 * alternate primary and replica. Also times what read your writes costs: a one-event append,
 * the primary's LSN ({@code currentLsn()}), and {@code awaitReplication()} on a caught-up
 * replica. CPU is this JVM's and that of the server read from (its processes only).
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am package -DskipTests
 * java -Dreplica.seconds=10 -Dreplica.readers=1,4 -cp benchmarks/target/benchmarks.jar \
 *      org.eventsourcing4j.benchmarks.replica.ReplicaReadBenchmark
 * </pre>
 *
 * Both servers share this machine's cores: this measures what reading from a hot standby
 * costs, not the scale-out that a replica on its own machine gives.
 */
public final class ReplicaReadBenchmark {
    private static final int STREAMS = Integer.getInteger("replica.streams", 1_000);
    private static final int EVENTS_PER_STREAM = Integer.getInteger("replica.events", 20);
    private static final int SECONDS = Integer.getInteger("replica.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("replica.rounds", 2);
    private static final String PAYLOAD = "{\"amount\":\"12.50\",\"currency\":\"EUR\",\"note\":\"a deposit of about "
            + "a hundred bytes, as the side-by-side harness writes\"}";

    private ReplicaReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> readers = Stream.of(System.getProperty("replica.readers", "1,4").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        try (TemporaryPostgres primary = TemporaryPostgres.create();
             TemporaryReplica replica = primary.createReplica();
             HikariDataSource primaryPool = pool(primary.jdbcUrl(), "primary");
             HikariDataSource replicaPool = pool(replica.jdbcUrl(), "replica");
             PostgresEventStore onPrimary = PostgresEventStore.create(primaryPool, PostgresOptions.DEFAULTS);
             PostgresEventStore onReplica = PostgresEventStore.create(primaryPool, PostgresReplica.of(replicaPool),
                     PostgresOptions.DEFAULTS)) {
            System.out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
            prepare(onPrimary);
            onReplica.awaitReplication(Duration.ofMinutes(2));
            System.out.printf(Locale.ROOT, "%d streams of %d events on the primary and the replica%n",
                    STREAMS, EVENTS_PER_STREAM);
            for (int round = 1; round <= ROUNDS; round++) {
                for (int threads : readers) {
                    report("primary", threads, round, readFor(onPrimary, threads, primary.dataDirectory()));
                    report("replica", threads, round, readFor(onReplica, threads, replica.dataDirectory()));
                }
            }
            readYourWritesCosts(onReplica);
            System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
        }
    }

    private static void prepare(PostgresEventStore store) {
        List<EventData> batch = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            batch.clear();
            for (int e = 0; e < EVENTS_PER_STREAM; e++) {
                batch.add(EventData.of("MoneyDeposited", PAYLOAD));
            }
            store.append(StreamId.of("account-" + s), ExpectedVersion.noStream(), batch);
        }
    }

    /** What a round measured: streams read, events read, and CPU of the JVM and of the server read from. */
    private record Result(long streams, long events, double seconds, long jvmCpuNanos, long postgresCpuNanos) {
    }

    private static Result readFor(PostgresEventStore store, int threads, Path server) throws InterruptedException {
        AtomicLong streams = new AtomicLong();
        AtomicLong events = new AtomicLong();
        long jvm = CpuProbe.jvmNanos();
        long postgres = ClusterCpu.nanos(server);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(SECONDS).toNanos();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread reader = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    try (Stream<RecordedEvent> read = store.readStream(StreamId.of("account-" + random.nextInt(STREAMS)))) {
                        events.addAndGet(read.count());
                    }
                    streams.incrementAndGet();
                }
            });
            reader.start();
            running.add(reader);
        }
        for (Thread reader : running) {
            reader.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(streams.get(), events.get(), seconds, CpuProbe.jvmNanos() - jvm,
                ClusterCpu.nanos(server) - postgres);
    }

    private static void report(String side, int threads, int round, Result result) {
        System.out.printf(Locale.ROOT,
                "round %d %-7s readers %d: %8.0f streams/s %9.0f events/s, CPU per stream %5.0f µs JVM + %5.0f µs PostgreSQL%n",
                round, side, threads, result.streams() / result.seconds(), result.events() / result.seconds(),
                result.jvmCpuNanos() / 1e3 / result.streams(), result.postgresCpuNanos() / 1e3 / result.streams());
    }

    /** Mean time of an append of one event, of currentLsn(), and of awaitReplication() right after an append. */
    private static void readYourWritesCosts(PostgresEventStore store) {
        int n = 2_000;
        StreamId stream = StreamId.of("ryw-1");
        long appendNanos = 0;
        long lsnNanos = 0;
        long awaitNanos = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            store.append(stream, ExpectedVersion.exactly(i), EventData.of("MoneyDeposited", PAYLOAD));
            long t1 = System.nanoTime();
            store.currentLsn();
            long t2 = System.nanoTime();
            store.awaitReplication(Duration.ofSeconds(10));
            long t3 = System.nanoTime();
            appendNanos += t1 - t0;
            lsnNanos += t2 - t1;
            awaitNanos += t3 - t2;
        }
        System.out.printf(Locale.ROOT, "mean of %d: append %.0f µs, currentLsn() %.0f µs, awaitReplication() after the"
                + " append %.0f µs%n", n, appendNanos / 1e3 / n, lsnNanos / 1e3 / n, awaitNanos / 1e3 / n);
    }

    private static HikariDataSource pool(String url, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
