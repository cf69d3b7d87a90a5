package org.eventsourcing4j.benchmarks.shredding;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.examples.bank.domain.AccountCreated;
import org.eventsourcing4j.examples.bank.domain.MoneyDeposited;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.shredding.InMemoryDataKeyStore;
import org.eventsourcing4j.shredding.ShreddingEventCodec;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
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
 * What crypto-shredding costs the codec, one thread: encoding and decoding the bank's
 * {@code AccountCreated} (email and name personal data, encrypted with AES-256-GCM under the
 * account's data key) and {@code MoneyDeposited} (no personal data) with the
 * {@link ShreddingEventCodec} ({@code codec = shredding}) against the plain
 * {@link JacksonEventCodec} ({@code codec = plain}). The data key is created in the trial's set-up
 * and cached from then on, as it is for an account in use; what a new key costs is in
 * {@link ShreddingRepositoryBenchmark#open_and_load_account}. Event ids come from a counter,
 * not {@code UUID.randomUUID()}, which would measure SecureRandom.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ShreddingCodecBenchmark {
    private static final StreamId STREAM = StreamId.of("account-3f1c2a9e-5b7d-4e08-9c61-2d4f8a0b7e15");
    private static final Currency USD = Currency.getInstance("USD");
    private static final AccountCreated CREATED = new AccountCreated("ada.lovelace@example.com", "Ada Lovelace", USD);
    private static final MoneyDeposited DEPOSITED = new MoneyDeposited(new BigDecimal("10.00"), USD);

    @Param({"plain", "shredding"})
    public String codec;

    private EventCodec events;
    private RecordedEvent storedCreated;
    private RecordedEvent storedDeposit;
    private long counter;

    @Setup(Level.Trial)
    public void codecAndStoredEvents() {
        events = BankCodecs.of(codec, new InMemoryDataKeyStore());
        InMemoryEventStore store = new InMemoryEventStore();
        store.append(STREAM, ExpectedVersion.noStream(), List.of(encode(CREATED), encode(DEPOSITED)));
        List<RecordedEvent> stored = store.readStream(STREAM).toList();
        storedCreated = stored.get(0);
        storedDeposit = stored.get(1);
        if (codec.equals("shredding") == storedCreated.dataAsString().contains("ada.lovelace")) {
            throw new IllegalStateException("codec " + codec + " stored " + storedCreated.dataAsString());
        }
        Object decoded = events.decode(storedCreated).get(0);
        if (!decoded.equals(CREATED)) {
            throw new IllegalStateException("codec " + codec + " decoded " + decoded);
        }
    }

    private EventData encode(Object event) {
        return events.encode(event, new UUID(0x5EED, counter++), Metadata.EMPTY, STREAM);
    }

    /** Writing an event with personal data: on the shredding side two AES-GCM encryptions and a JSON rewrite. */
    @Benchmark
    public EventData encode_account_created() {
        return encode(CREATED);
    }

    /** Reading it back: on the shredding side two AES-GCM decryptions and a JSON rewrite before the usual decode. */
    @Benchmark
    public List<Object> decode_account_created() {
        return events.decode(storedCreated);
    }

    /** An event without personal data: on the shredding side only the schema's look-up. */
    @Benchmark
    public EventData encode_money_deposited() {
        return encode(DEPOSITED);
    }

    @Benchmark
    public List<Object> decode_money_deposited() {
        return events.decode(storedDeposit);
    }
}
