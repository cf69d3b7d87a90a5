package org.eventsourcing4j.benchmarks.snapshots;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.RetryPolicy;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading one bank account through the repository, in memory, with a history of 10 or
 * 10,000 events: replaying all of them, or starting from a snapshot. The snapshot is of
 * the latest version ({@code snapshot = latest}) or 50 events behind it
 * ({@code behind50}, the average distance under {@code everyEvents(100)}). The store and
 * its reads are included; JSON decoding of events and of the snapshot is most of the work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class AccountLoadBenchmark {

    private static final String ID = "bench";

    @Param({"10", "10000"})
    public int events;

    @Param({"none", "latest", "behind50"})
    public String snapshot;

    private AggregateRepository<Account, AccountEvent> accounts;

    @Setup(Level.Trial)
    public void history() {
        InMemoryEventStore store = new InMemoryEventStore();
        JacksonEventCodec codec = new JacksonEventCodec(AccountEvents.registry());
        accounts = snapshot.equals("none")
                ? new AggregateRepository<>(store, codec, Account.TYPE)
                : new AggregateRepository<>(store, codec, Account.TYPE, RetryPolicy.DEFAULT,
                        SnapshotOptions.of(new InMemorySnapshotStore(), Account.SNAPSHOT)
                                .withPolicy(SnapshotPolicy.never()).withExecutor(Runnable::run));
        int beforeSnapshot = snapshot.equals("behind50") ? Math.max(1, events - 50) : events;
        append(Account.open(ID, "ann@example.com", "Ann", "USD"), beforeSnapshot - 1);
        if (!snapshot.equals("none")) {
            accounts.takeSnapshot(ID);
        }
        if (events > beforeSnapshot) {
            append(accounts.load(ID), events - beforeSnapshot);
        }
        Account loaded = accounts.load(ID);
        if (loaded.version() != events) {
            throw new IllegalStateException("expected " + events + " events, got " + loaded.version());
        }
    }

    /** Saves {@code deposits} more deposits of 1.00, at most 1,000 per save. */
    private void append(Account account, int deposits) {
        Account current = account;
        for (int done = 0; done < deposits || current.hasUncommittedEvents(); ) {
            for (int i = 0; i < 1_000 && done < deposits; i++, done++) {
                current.deposit(new BigDecimal("1.00"), "USD");
            }
            accounts.save(current);
        }
    }

    @Benchmark
    public Account load() {
        return accounts.load(ID);
    }
}
