package org.eventsourcing4j.shredding;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventSerializationException;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Checks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link EventCodec} that encrypts the personal fields a {@link PersonalDataSchema}
 * declares, around a {@link JacksonEventCodec} that does everything else.
 *
 * <p>On write each personal string is replaced by
 * {@code "es4j:pd:1:" + base64url(subject) + ":" + base64url(nonce ‖ ciphertext ‖ tag)}: AES-256-GCM
 * under the subject's data key, a fresh random 96-bit nonce per value, and the event id, the
 * field name and the subject as associated data (a value copied to another field or event does
 * not decrypt). On read the values are decrypted before upcasting; those of a forgotten subject
 * read as {@link PersonalDataSchema#ERASED}. A value that is not in that form (written before
 * shredding was turned on) is read as it is.
 *
 * @see DataKeys#forget(String)
 */
public final class ShreddingEventCodec implements EventCodec {
    static final String PREFIX = "es4j:pd:1:";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();

    private final JacksonEventCodec delegate;
    private final PersonalDataSchema schema;
    private final DataKeys keys;
    private final JsonMapper mapper = JacksonEventCodec.defaultMapperBuilder().build();

    public ShreddingEventCodec(JacksonEventCodec delegate, PersonalDataSchema schema, DataKeys keys) {
        this.delegate = Checks.notNull(delegate, "codec");
        this.schema = Checks.notNull(schema, "personal data schema");
        this.keys = Checks.notNull(keys, "data keys");
    }

    public DataKeys keys() {
        return keys;
    }

    public PersonalDataSchema schema() {
        return schema;
    }

    /**
     * Without the stream: only for events whose subject does not depend on it.
     */
    @Override
    public EventData encode(Object event, UUID eventId, Metadata metadata) {
        return encode(event, eventId, metadata, null);
    }

    @Override
    public EventData encode(Object event, UUID eventId, Metadata metadata, StreamId stream) {
        EventData plain = delegate.encode(event, eventId, metadata);
        Optional<PersonalDataSchema.Declaration<?>> declaration = schema.of(event.getClass());
        if (declaration.isEmpty()) {
            return plain;
        }
        String subject = declaration.get().subjectOf(stream, event);
        ObjectNode tree = (ObjectNode) mapper.readTree(plain.data());
        SecretKey key = null;
        for (String field : declaration.get().fields()) {
            JsonNode value = tree.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isString()) {
                throw new EventSerializationException("personal field " + plain.type() + "." + field
                        + " is not a string in the JSON of " + event.getClass().getName(), null);
            }
            if (key == null) {
                key = keys.forWriting(subject);
            }
            byte[] sealed = Aes.encrypt(key, value.stringValue().getBytes(StandardCharsets.UTF_8),
                    associatedData(eventId, field, subject));
            tree.put(field, PREFIX + BASE64.encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + ":"
                    + BASE64.encodeToString(sealed));
        }
        return new EventData(eventId, plain.type(), plain.revision(), mapper.writeValueAsBytes(tree), metadata);
    }

    @Override
    public List<Object> decode(RecordedEvent stored) {
        return delegate.decode(decrypted(stored));
    }

    /**
     * {@code stored} with its personal fields decrypted, or {@link PersonalDataSchema#ERASED} for
     * a forgotten subject: for tools that read the JSON itself.
     *
     * @throws PersonalDataDecryptionException when a value was altered or moved
     * @throws MissingDataKeyException         when its subject has no key and was never forgotten
     * @throws KeyUnwrapException              when the subject's key does not unwrap
     */
    public RecordedEvent decrypted(RecordedEvent stored) {
        Checks.notNull(stored, "event");
        List<String> fields = schema.fieldsOfType(stored.type());
        if (fields.isEmpty()) {
            return stored;
        }
        ObjectNode tree;
        try {
            JsonNode parsed = mapper.readTree(stored.data());
            if (!(parsed instanceof ObjectNode object)) {
                return stored; // the codec reports it
            }
            tree = object;
        } catch (JacksonException e) {
            return stored; // the codec reports it
        }
        boolean changed = false;
        for (String field : fields) {
            JsonNode value = tree.get(field);
            if (value != null && value.isString() && value.stringValue().startsWith(PREFIX)) {
                tree.put(field, open(stored, field, value.stringValue()));
                changed = true;
            }
        }
        if (!changed) {
            return stored;
        }
        return new RecordedEvent(stored.eventId(), stored.type(), stored.streamId(), stored.version(),
                stored.logPosition(), stored.recordedAt(), stored.revision(), mapper.writeValueAsBytes(tree),
                stored.metadata());
    }

    private String open(RecordedEvent stored, String field, String envelope) {
        String where = "field '" + field + "' of event " + stored.eventId() + " at version " + stored.version()
                + " of stream '" + stored.streamId().value() + "'";
        int colon = envelope.indexOf(':', PREFIX.length());
        String subject;
        byte[] sealed;
        try {
            if (colon < 0) {
                throw new IllegalArgumentException("no ':' after the subject");
            }
            subject = new String(UNBASE64.decode(envelope.substring(PREFIX.length(), colon)), StandardCharsets.UTF_8);
            sealed = UNBASE64.decode(envelope.substring(colon + 1));
            DataKeys.checkSubject(subject);
        } catch (IllegalArgumentException e) {
            throw new PersonalDataDecryptionException("the encrypted " + where + " is malformed: " + e.getMessage(), e);
        }
        Optional<SecretKey> key = keys.forReading(subject, where);
        if (key.isEmpty()) {
            return PersonalDataSchema.ERASED;
        }
        byte[] plaintext = Aes.decrypt(key.get(), sealed, associatedData(stored.eventId(), field, subject));
        if (plaintext == null) {
            throw new PersonalDataDecryptionException("the encrypted " + where + " does not decrypt under subject '"
                    + subject + "''s key: it was altered, or copied from another field or event", null);
        }
        return new String(plaintext, StandardCharsets.UTF_8);
    }

    private static byte[] associatedData(UUID eventId, String field, String subject) {
        return ("es4j:pd:1\0" + eventId + "\0" + field + "\0" + subject).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code value} is a personal value in this codec's encrypted form. */
    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX);
    }

}
