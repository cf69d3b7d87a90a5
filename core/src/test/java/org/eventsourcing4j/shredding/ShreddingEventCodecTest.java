package org.eventsourcing4j.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.serialization.Upcaster;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

class ShreddingEventCodecTest {
    record Registered(String email, String name, int age) {
    }

    record Renamed(String nickname) {
    }

    private static final StreamId STREAM = StreamId.of("person-1");
    private static final String EMAIL = "ada@example.org";
    private static final String NAME = "Ada Lovelace";

    private final EventTypeRegistry registry = EventTypeRegistry.builder()
            .register(Registered.class, "Registered", 2)
            .register(Renamed.class, "Renamed")
            .upcaster(Upcaster.nextRevision("Registered", 1, data -> data.put("age", 0)))
            .build();
    private final PersonalDataSchema schema = PersonalDataSchema.builder(registry)
            .personalData(Registered.class, SubjectOf.streamId(), "email", "name")
            .build();
    private final InMemoryDataKeyStore store = new InMemoryDataKeyStore();
    private final AesKeyEncryptionKey kek = AesKeyEncryptionKey.generate();
    private final DataKeys keys = new DataKeys(store, kek);
    private final ShreddingEventCodec codec = new ShreddingEventCodec(new JacksonEventCodec(registry), schema, keys);

    @Test
    void encryptsPersonalFieldsAndReadsThemBack() {
        EventData data = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);

        assertThat(data.dataAsString()).doesNotContain(EMAIL).doesNotContain(NAME).contains("\"age\":36")
                .contains(ShreddingEventCodec.PREFIX);
        assertThat(codec.decode(recorded(data))).containsExactly(new Registered(EMAIL, NAME, 36));
    }

    @Test
    void everyValueHasItsOwnNonce() {
        UUID id = UUID.randomUUID();
        EventData first = codec.encode(new Registered(EMAIL, EMAIL, 1), id, Metadata.EMPTY, STREAM);
        EventData second = codec.encode(new Registered(EMAIL, EMAIL, 1), id, Metadata.EMPTY, STREAM);

        assertThat(first.dataAsString()).isNotEqualTo(second.dataAsString());
    }

    @Test
    void afterForgetTheFieldsReadAsErasedAndTheRestStays() {
        EventData data = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        List<String> erased = new java.util.ArrayList<>();
        keys.addErasureHook(erased::add);

        assertThat(keys.forget(STREAM.value())).isTrue();
        assertThat(keys.forget(STREAM.value())).isFalse();

        assertThat(codec.decode(recorded(data))).containsExactly(
                new Registered(PersonalDataSchema.ERASED, PersonalDataSchema.ERASED, 36));
        assertThat(erased).containsExactly(STREAM.value(), STREAM.value());
        assertThat(keys.isForgotten(STREAM.value())).isTrue();
        assertThatThrownBy(() -> codec.encode(new Registered(EMAIL, NAME, 1), UUID.randomUUID(), Metadata.EMPTY, STREAM))
                .isInstanceOf(SubjectForgottenException.class);
    }

    @Test
    void upcastersRunOnTheDecryptedOrErasedValues() {
        EventData current = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        EventData revision1 = new EventData(current.eventId(), "Registered", 1,
                current.dataAsString().replace(",\"age\":36", "").getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);

        assertThat(codec.decode(recorded(revision1))).containsExactly(new Registered(EMAIL, NAME, 0));
        keys.forget(STREAM.value());
        assertThat(codec.decode(recorded(revision1))).containsExactly(
                new Registered(PersonalDataSchema.ERASED, PersonalDataSchema.ERASED, 0));
    }

    @Test
    void plaintextWrittenBeforeShreddingIsReadAsItIs() {
        EventData plain = new JacksonEventCodec(registry).encode(new Registered(EMAIL, NAME, 3), UUID.randomUUID(),
                Metadata.EMPTY);

        assertThat(codec.decode(recorded(plain))).containsExactly(new Registered(EMAIL, NAME, 3));
    }

    @Test
    void aTamperedCiphertextIsATypedError() {
        EventData data = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        String json = data.dataAsString();
        int at = json.indexOf(ShreddingEventCodec.PREFIX);
        int last = json.indexOf('"', at) - 3; // a character of the ciphertext, not of the prefix
        char flipped = json.charAt(last) == 'A' ? 'B' : 'A';
        String tampered = json.substring(0, last) + flipped + json.substring(last + 1);

        assertThatThrownBy(() -> codec.decode(recorded(withData(data, tampered))))
                .isInstanceOf(PersonalDataDecryptionException.class).hasMessageContaining("field 'email'");
    }

    @Test
    void aValueMovedToAnotherEventOrFieldDoesNotDecrypt() {
        EventData data = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        EventData otherId = new EventData(UUID.randomUUID(), data.type(), data.revision(), data.data(), Metadata.EMPTY);
        assertThatThrownBy(() -> codec.decode(recorded(otherId))).isInstanceOf(PersonalDataDecryptionException.class);

        String json = data.dataAsString();
        String emailValue = json.substring(json.indexOf("\"email\":\"") + 9, json.indexOf("\",\"name\""));
        String nameValue = json.substring(json.indexOf("\"name\":\"") + 8, json.indexOf("\",\"age\""));
        String swapped = json.replace(emailValue, "X").replace(nameValue, emailValue).replace("\"X\"", "\"" + nameValue + "\"");
        assertThatThrownBy(() -> codec.decode(recorded(withData(data, swapped))))
                .isInstanceOf(PersonalDataDecryptionException.class);
    }

    @Test
    void aMissingKeyIsATypedError() {
        EventData data = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        ShreddingEventCodec elsewhere = new ShreddingEventCodec(new JacksonEventCodec(registry), schema,
                new DataKeys(new InMemoryDataKeyStore(), kek));

        assertThatThrownBy(() -> elsewhere.decode(recorded(data))).isInstanceOf(MissingDataKeyException.class)
                .hasMessageContaining("person-1");
    }

    @Test
    void aWrongKeyEncryptionKeyIsATypedError() {
        EventData data = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        ShreddingEventCodec wrongKek = new ShreddingEventCodec(new JacksonEventCodec(registry), schema,
                new DataKeys(store, AesKeyEncryptionKey.generate()));

        assertThatThrownBy(() -> wrongKek.decode(recorded(data))).isInstanceOf(KeyUnwrapException.class);
    }

    @Test
    void aWrongKeyWithTheSameIdOrAnAlteredWrappedKeyIsATypedError() {
        codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        DataKeyRecord row = store.find(STREAM.value()).orElseThrow();
        byte[] altered = row.wrappedKey();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> kek.unwrap(altered, STREAM.value().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeyUnwrapException.class);
        assertThatThrownBy(() -> kek.unwrap(row.wrappedKey(), "person-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeyUnwrapException.class);
    }

    @Test
    void rotationRewrapsTheDataKeysAndTheOldEventsStillRead() {
        EventData data = codec.encode(new Registered(EMAIL, NAME, 36), UUID.randomUUID(), Metadata.EMPTY, STREAM);
        codec.encode(new Registered("b@example.org", "B", 1), UUID.randomUUID(), Metadata.EMPTY, StreamId.of("person-2"));
        keys.forget("person-2");
        byte[] before = store.find(STREAM.value()).orElseThrow().wrappedKey();

        AesKeyEncryptionKey next = AesKeyEncryptionKey.generate();
        DataKeys rotated = new DataKeys(store, next);
        assertThat(rotated.rotate(kek)).isEqualTo(1);
        assertThat(rotated.rotate(kek)).isZero();

        DataKeyRecord after = store.find(STREAM.value()).orElseThrow();
        assertThat(after.kekId()).isEqualTo(next.id());
        assertThat(after.wrappedKey()).isNotEqualTo(before);
        assertThat(new ShreddingEventCodec(new JacksonEventCodec(registry), schema, rotated).decode(recorded(data)))
                .containsExactly(new Registered(EMAIL, NAME, 36));
        assertThatThrownBy(() -> new ShreddingEventCodec(new JacksonEventCodec(registry), schema,
                new DataKeys(store, kek)).decode(recorded(data))).isInstanceOf(KeyUnwrapException.class);
        assertThat(store.find("person-2").orElseThrow().forgotten()).isTrue();
    }

    @Test
    void theKeyCacheIsBounded() {
        DataKeys small = new DataKeys(store, kek, 2, Clock.systemUTC());
        ShreddingEventCodec bounded = new ShreddingEventCodec(new JacksonEventCodec(registry), schema, small);
        for (int i = 0; i < 5; i++) {
            bounded.encode(new Registered(EMAIL, NAME, i), UUID.randomUUID(), Metadata.EMPTY, StreamId.of("p-" + i));
        }
        assertThat(small.cachedKeys()).isEqualTo(2);
    }

    @Test
    void declarationsAreChecked() {
        PersonalDataSchema.Builder builder = PersonalDataSchema.builder(registry);
        assertThatThrownBy(() -> builder.personalData(Registered.class, SubjectOf.streamId(), "age"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("strings");
        assertThatThrownBy(() -> builder.personalData(Registered.class, SubjectOf.streamId(), "phone"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no component 'phone'");
        assertThatThrownBy(() -> codec.encode(new Registered(EMAIL, NAME, 1), UUID.randomUUID(), Metadata.EMPTY))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("stream");
    }

    @Test
    void aKeyFileIsCreatedOnceAndReadBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) {
        java.nio.file.Path file = directory.resolve("sub/bank.kek");
        AesKeyEncryptionKey.Loaded created = AesKeyEncryptionKey.fromFileCreatingIfMissing(file);
        AesKeyEncryptionKey.Loaded read = AesKeyEncryptionKey.fromFileCreatingIfMissing(file);

        assertThat(created.created()).isTrue();
        assertThat(read.created()).isFalse();
        assertThat(read.key().id()).isEqualTo(created.key().id()).doesNotContain(created.key().toBase64());
        assertThatThrownBy(() -> AesKeyEncryptionKey.fromBase64("c2hvcnQ="))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("32 bytes");
    }

    /**
     * Instances started at once with the same key file all get the one key that was written,
     * and exactly one of them created it; none reads a file that is still being written.
     */
    @org.junit.jupiter.api.RepeatedTest(20)
    void processesStartingAtOnceAgreeOnOneKeyFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        java.nio.file.Path file = directory.resolve("bank.kek");
        int starters = 6;
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(starters);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(starters);
        try {
            java.util.List<java.util.concurrent.Future<AesKeyEncryptionKey.Loaded>> loads = new java.util.ArrayList<>();
            for (int i = 0; i < starters; i++) {
                loads.add(pool.submit(() -> {
                    barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return AesKeyEncryptionKey.fromFileCreatingIfMissing(file);
                }));
            }
            java.util.List<AesKeyEncryptionKey.Loaded> loaded = new java.util.ArrayList<>();
            for (var load : loads) {
                loaded.add(load.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(loaded).filteredOn(AesKeyEncryptionKey.Loaded::created).hasSize(1);
            assertThat(loaded).extracting(l -> l.key().id()).containsOnly(AesKeyEncryptionKey.fromFile(file).id());
            try (var files = java.nio.file.Files.list(directory)) {
                assertThat(files).containsExactly(file);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static EventData withData(EventData data, String json) {
        return new EventData(data.eventId(), data.type(), data.revision(), json.getBytes(StandardCharsets.UTF_8),
                data.metadata());
    }

    private static RecordedEvent recorded(EventData data) {
        return new RecordedEvent(data.eventId(), data.type(), STREAM, 1, LogPosition.of(1),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), data.revision(), data.data(), data.metadata());
    }
}
