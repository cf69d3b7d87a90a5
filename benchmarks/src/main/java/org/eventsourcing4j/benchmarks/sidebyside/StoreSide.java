package org.eventsourcing4j.benchmarks.sidebyside;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.examples.bank.domain.MoneyDeposited;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcProjectionTarget;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.projection.CheckpointedTarget;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * The event store, through its public API only, as an application uses it: events built with
 * {@link EventData#of} (payload validated; ids from {@code harness.ids}) inside the measured loop, appended
 * with the exact version the writer knows; streams read with {@code readStream}; the global
 * log read by {@code readAll} pages; projections run by a {@link ProjectionRunner}.
 */
public final class StoreSide implements Side {
    private static final int PAGE_SIZE = 1_000;
    private static final String EXACTLY_ONCE = "bench_exactly_once";
    private static final String AT_LEAST_ONCE = "bench_at_least_once";

    /** One log: a store, which is also the transactions of its database. */
    public record Log(EventStore store, JdbcTransactions transactions) {
    }

    private final String name;
    private final Supplier<UUID> eventIds;
    private final Log main;
    private final Log log;
    private final Log bank;
    private final JdbcProjectionTarget exactlyOnce;
    private final CheckpointedTarget atLeastOnce;
    /** Keeps the decoded values alive, so that the JIT cannot drop the decoding. */
    private long sink;

    /**
     * @param eventIds makes the ids of the events written, in the rounds and in what is prepared
     * @param open     opens the log of the given name ({@code main}, {@code log}, {@code bank})
     */
    public StoreSide(String name, Supplier<UUID> eventIds, Function<String, Log> open) throws Exception {
        this.name = name;
        this.eventIds = eventIds;
        this.main = open.apply("main");
        this.log = open.apply("log");
        this.bank = open.apply("bank");
        bank.transactions().inTransaction(connection -> {
            AccountProjection.createTable(connection, bank.transactions().dialect());
            return null;
        });
        JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(bank.transactions(), "bench_checkpoints");
        exactlyOnce = new JdbcProjectionTarget(EXACTLY_ONCE, bank.transactions(), checkpoints,
                new AccountProjection(new JacksonEventCodec(AccountEvents.registry())), AccountProjection::clear);
        atLeastOnce = new CheckpointedTarget(AT_LEAST_ONCE,
                event -> sink += Payloads.decodeAccountEvent(event.type(), event.data()) instanceof MoneyDeposited ? 1 : 0,
                checkpoints, () -> { });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Writer writer(String stream) {
        StreamId id = StreamId.of(stream);
        EventStore store = main.store();
        return new Writer() {
            long version = store.currentVersion(id);

            @Override
            public int append(int count) {
                for (int conflicts = 0; ; conflicts++) {
                    List<EventData> events = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        events.add(EventData.of(eventIds.get(), Payloads.DEPOSIT_TYPE, Payloads.deposit(version + i)));
                    }
                    try {
                        version = store.append(id, ExpectedVersion.exactly(version), events).streamVersion();
                        return conflicts;
                    } catch (ConcurrencyConflictException e) {
                        version = store.currentVersion(id);
                    }
                }
            }
        };
    }

    @Override
    public void prepareStream(String stream, int events) {
        prepare(main, Prepared.stream(stream, events));
    }

    @Override
    public int load(String stream) {
        int count = 0;
        try (Stream<RecordedEvent> events = main.store().readStream(StreamId.of(stream))) {
            for (RecordedEvent event : (Iterable<RecordedEvent>) events::iterator) {
                sink += Payloads.decodeDeposit(event.data()).amount();
                count++;
            }
        }
        return count;
    }

    @Override
    public void prepareLog(int events) {
        prepare(log, Prepared.log(events));
    }

    @Override
    public long readLog(long events) {
        long read = 0;
        LogPosition after = LogPosition.START;
        while (read < events) {
            LogPage page = log.store().readAll(after, (int) Math.min(PAGE_SIZE, events - read));
            if (page.isEmpty()) {
                throw new IllegalStateException("the log holds only " + read + " events, not " + events);
            }
            for (RecordedEvent event : page.events()) {
                sink += Payloads.decodeDeposit(event.data()).amount();
            }
            read += page.events().size();
            after = page.next();
        }
        return read;
    }

    @Override
    public void prepareAccounts(int events) {
        prepare(bank, Prepared.accounts(events));
    }

    @Override
    public void resetProjections() {
        exactlyOnce.reset();
        atLeastOnce.reset();
    }

    @Override
    public long projectExactlyOnce() throws InterruptedException {
        return catchUp(EXACTLY_ONCE, exactlyOnce);
    }

    @Override
    public long projectAtLeastOnce() throws InterruptedException {
        return catchUp(AT_LEAST_ONCE, atLeastOnce);
    }

    /** Runs a projection from its checkpoint until it has processed the whole log, then stops it. */
    private long catchUp(String projection, ProjectionTarget target) throws InterruptedException {
        LogPosition head = bank.store().headPosition();
        ProjectionRunner runner = ProjectionRunner.create(projection, bank.store(), target, ProjectionOptions.DEFAULTS.withBatchSize(PAGE_SIZE));
        try {
            runner.start();
            if (!runner.awaitProcessed(head, Duration.ofHours(1))) {
                throw new IllegalStateException("projection " + projection + " did not catch up: " + runner.status());
            }
        } finally {
            runner.close();
        }
        return runner.status().processed();
    }

    private void prepare(Log log, Prepared prepared) {
        prepared.forEachBatch((stream, from, count) -> {
            List<EventData> batch = new ArrayList<>(count);
            for (int i = from; i < from + count; i++) {
                batch.add(new EventData(eventIds.get(), prepared.type(i), prepared.revision(),
                        prepared.json(stream, i).getBytes(StandardCharsets.UTF_8), Metadata.EMPTY));
            }
            log.store().append(StreamId.of(prepared.streamName().apply(stream)), ExpectedVersion.exactly(from), batch);
        });
    }

    @Override
    public void close() throws Exception {
        for (Log each : List.of(main, log, bank)) {
            each.store().close();
        }
    }
}
