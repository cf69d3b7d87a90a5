package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.shredding.AesKeyEncryptionKey;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.shredding.DataKeys;
import org.eventsourcing4j.shredding.InMemoryDataKeyStore;
import org.eventsourcing4j.shredding.KeyEncryptionKey;
import org.eventsourcing4j.shredding.KeyUnwrapException;
import org.eventsourcing4j.shredding.MissingDataKeyException;
import org.eventsourcing4j.shredding.PersonalDataSchema;
import org.eventsourcing4j.shredding.ShreddingEventCodec;
import org.eventsourcing4j.shredding.SubjectOf;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding on a real store: personal data is never stored in the clear, and after
 * {@code forget} nothing the store keeps (its whole file, a dump of its schema) holds it;
 * KEK rotation leaves the events byte-identical; a wrong KEK and a missing key are typed errors.
 */
public abstract class CryptoShreddingContract {
    /** An event with personal data, for the contract. */
    public record PersonRegistered(String email, String name, int points) {
    }

    protected static final String EMAIL = "grace.hopper.shred@example.org";
    protected static final String NAME = "Grace Brewster Murray Hopper";
    protected static final String OTHER_EMAIL = "katherine.johnson.shred@example.org";

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.builder()
            .register(PersonRegistered.class, "PersonRegistered").build();
    private static final PersonalDataSchema SCHEMA = PersonalDataSchema.builder(REGISTRY)
            .personalData(PersonRegistered.class, SubjectOf.streamId(), "email", "name").build();

    /** A new empty store for one test; its data key store is {@link #dataKeyStore()}. */
    protected abstract EventStore store();

    /** The data key store beside {@link #store()}. */
    protected abstract DataKeyStore dataKeyStore();

    /** The snapshot store beside {@link #store()}. */
    protected abstract SnapshotStore snapshots();

    /**
     * Every byte the store keeps, as an attacker with the disk would see it: the SQLite file
     * after a WAL checkpoint, a {@code pg_dump} of the schema.
     */
    protected abstract byte[] everythingStored();

    private final KeyEncryptionKey kek = AesKeyEncryptionKey.generate();

    private ShreddingEventCodec codec(DataKeys keys) {
        return new ShreddingEventCodec(new JacksonEventCodec(REGISTRY), SCHEMA, keys);
    }

    private static EventData encode(ShreddingEventCodec codec, StreamId stream, String email, String name, int points) {
        return codec.encode(new PersonRegistered(email, name, points), UUID.randomUUID(), Metadata.EMPTY, stream);
    }

    private List<RecordedEvent> all(EventStore store) {
        return store.readAll(LogPosition.START, 1000).events();
    }

    private String scan() {
        return new String(everythingStored(), StandardCharsets.ISO_8859_1);
    }

    @Test
    public void personal_data_is_never_stored_in_the_clear() {
        EventStore store = store();
        ShreddingEventCodec codec = codec(new DataKeys(dataKeyStore(), kek));
        StreamId person = StreamId.of("person-" + UUID.randomUUID());
        store.append(person, ExpectedVersion.noStream(), encode(codec, person, EMAIL, NAME, 7));

        assertThat(scan()).doesNotContain(EMAIL).doesNotContain(NAME);
        assertThat(codec.decode(all(store).get(0))).containsExactly(new PersonRegistered(EMAIL, NAME, 7));
    }

    @Test
    public void after_forget_nothing_stored_holds_the_personal_data() {
        EventStore store = store();
        DataKeys keys = new DataKeys(dataKeyStore(), kek);
        ShreddingEventCodec codec = codec(keys);
        StreamId person = StreamId.of("person-" + UUID.randomUUID());
        StreamId other = StreamId.of("person-" + UUID.randomUUID());
        store.append(person, ExpectedVersion.noStream(), encode(codec, person, EMAIL, NAME, 1),
                encode(codec, person, EMAIL, NAME, 2));
        store.append(other, ExpectedVersion.noStream(), encode(codec, other, OTHER_EMAIL, NAME + " Other", 3));
        // A snapshot holds the state in the clear; the erasure hook deletes it.
        snapshots().save(new Snapshot(person, 2, "PersonState", 1,
                ("{\"email\":\"" + EMAIL + "\",\"name\":\"" + NAME + "\"}").getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z")));
        keys.addErasureHook(subject -> snapshots().deleteStream(StreamId.of(subject)));
        assertThat(scan()).contains(EMAIL); // the snapshot

        assertThat(keys.forget(person.value())).isTrue();

        String stored = scan();
        assertThat(stored).doesNotContain(EMAIL).doesNotContain(NAME).contains(person.value());
        assertThat(snapshots().loadLatest(person)).isEmpty();
        List<RecordedEvent> events = all(store);
        assertThat(events).hasSize(3);
        ShreddingEventCodec fresh = codec(new DataKeys(dataKeyStore(), kek));
        assertThat(fresh.decode(events.get(1))).containsExactly(
                new PersonRegistered(PersonalDataSchema.ERASED, PersonalDataSchema.ERASED, 2));
        assertThat(fresh.decode(events.get(2))).containsExactly(new PersonRegistered(OTHER_EMAIL, NAME + " Other", 3));
        assertThat(keys.forget(person.value())).as("a repeated forget").isFalse();
    }

    @Test
    public void rotating_the_key_encryption_key_rewraps_data_keys_without_touching_events() {
        EventStore store = store();
        DataKeys keys = new DataKeys(dataKeyStore(), kek);
        ShreddingEventCodec codec = codec(keys);
        for (int i = 0; i < 3; i++) {
            StreamId person = StreamId.of("person-" + i + "-" + UUID.randomUUID());
            store.append(person, ExpectedVersion.noStream(), encode(codec, person, EMAIL, NAME, i));
        }
        List<String> before = eventBytes(store);

        AesKeyEncryptionKey next = AesKeyEncryptionKey.generate();
        DataKeys rotated = new DataKeys(dataKeyStore(), next);
        assertThat(rotated.rotate(kek)).isEqualTo(3);

        assertThat(eventBytes(store)).isEqualTo(before);
        assertThat(dataKeyStore().livePage(null, 100)).allSatisfy(row -> assertThat(row.kekId()).isEqualTo(next.id()));
        assertThat(codec(rotated).decode(all(store).get(2))).containsExactly(new PersonRegistered(EMAIL, NAME, 2));
        assertThatThrownBy(() -> codec(new DataKeys(dataKeyStore(), kek)).decode(all(store).get(0)))
                .isInstanceOf(KeyUnwrapException.class);
    }

    @Test
    public void a_wrong_key_encryption_key_and_a_missing_key_are_typed_errors() {
        EventStore store = store();
        StreamId person = StreamId.of("person-" + UUID.randomUUID());
        store.append(person, ExpectedVersion.noStream(),
                encode(codec(new DataKeys(dataKeyStore(), kek)), person, EMAIL, NAME, 1));
        RecordedEvent event = all(store).get(0);

        assertThatThrownBy(() -> codec(new DataKeys(dataKeyStore(), AesKeyEncryptionKey.generate())).decode(event))
                .isInstanceOf(KeyUnwrapException.class);
        assertThatThrownBy(() -> codec(new DataKeys(new InMemoryDataKeyStore(), kek)).decode(event))
                .isInstanceOf(MissingDataKeyException.class);
    }

    @Test
    public void concurrent_first_writes_of_a_subject_agree_on_one_key() {
        EventStore store = store();
        for (int round = 0; round < 5; round++) {
            StreamId person = StreamId.of("person-race-" + round + "-" + UUID.randomUUID());
            List<Race.Outcome<EventData>> outcomes = Race.run(6, index -> {
                ShreddingEventCodec own = codec(new DataKeys(dataKeyStore(), kek)); // no shared cache
                encode(own, StreamId.of(person.value() + "-warm-up-" + index), EMAIL, NAME, index);
                return () -> encode(own, person, EMAIL, NAME, index);
            });
            List<EventData> written = new ArrayList<>();
            for (Race.Outcome<EventData> outcome : outcomes) {
                assertThat(outcome.error()).isNull();
                written.add(outcome.value());
            }
            store.append(person, ExpectedVersion.noStream(), written);
            ShreddingEventCodec reader = codec(new DataKeys(dataKeyStore(), kek));
            HashSet<Integer> points = new HashSet<>();
            for (RecordedEvent event : all(store)) {
                if (event.streamId().equals(person)) {
                    PersonRegistered decoded = (PersonRegistered) reader.decode(event).get(0);
                    assertThat(decoded.email()).isEqualTo(EMAIL);
                    points.add(decoded.points());
                }
            }
            assertThat(points).hasSize(6);
        }
    }

    private List<String> eventBytes(EventStore store) {
        List<String> rows = new ArrayList<>();
        for (RecordedEvent event : all(store)) {
            rows.add(event.eventId() + " " + event.version() + " " + event.dataAsString() + " " + event.metadata());
        }
        return rows;
    }
}
