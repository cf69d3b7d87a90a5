package org.eventsourcing4j.internal.json;

import org.eventsourcing4j.support.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * The reference {@link JsonPayload} is tested against: its former implementation on a
 * Jackson streaming parser with strict duplicate detection, plus the NUL and lone-surrogate
 * checks on the decoded strings. Jackson's defaults give the same depth (500), number
 * (1,000 digits) and key length limits for the sizes the random tests produce.
 *
 * <p>One deliberate difference is pinned down in {@link #accepts}: Jackson sniffs the
 * encoding, so it skipped a UTF-8 byte order mark and read UTF-16 and UTF-32 payloads; the
 * payload contract is UTF-8 only, so here the JDK's strict UTF-8 decoder goes first.
 */
final class JacksonPayloadOracle {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JacksonPayloadOracle() {
    }

    static boolean accepts(byte[] data) {
        if (data != null && (!isStrictUtf8(data) || startsWithByteOrderMark(data) || hasNulByte(data))) {
            return false; // a NUL byte is never valid JSON, but would make Jackson guess UTF-16 or UTF-32
        }
        try {
            validate(data, "event data");
            return true;
        } catch (InvalidArgumentException e) {
            return false;
        }
    }

    private static boolean isStrictUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean startsWithByteOrderMark(byte[] data) {
        return data.length >= 3 && (data[0] & 0xFF) == 0xEF && (data[1] & 0xFF) == 0xBB && (data[2] & 0xFF) == 0xBF;
    }

    private static boolean hasNulByte(byte[] data) {
        for (byte b : data) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** The former {@code JsonPayload.validate}, unchanged. */
    static void validate(byte[] data, String argument) {
        if (data == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        if (data.length == 0) {
            throw new InvalidArgumentException(argument, "must not be empty");
        }
        if (data.length > Limits.MAX_EVENT_DATA_BYTES) {
            throw new InvalidArgumentException(argument,
                    "is " + data.length + " bytes, the limit is " + Limits.MAX_EVENT_DATA_BYTES);
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), data)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidArgumentException(argument, "must be a JSON object, starts with " + first);
            }
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME) {
                    Text.checkCharacters(parser.currentName(), argument + " key", true);
                } else if (token == JsonToken.VALUE_STRING) {
                    Text.checkCharacters(parser.getString(), argument + " string value", true);
                } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    NumericRange.check(parser.getText(), argument, 0);
                }
                if (parser.streamReadContext().inRoot() && token.isStructEnd()) {
                    if (parser.nextToken() != null) {
                        throw new InvalidArgumentException(argument, "has content after the JSON object");
                    }
                    return;
                }
            }
            throw new InvalidArgumentException(argument, "is not valid JSON: unexpected end of input");
        } catch (JacksonException e) {
            throw new InvalidArgumentException(argument, "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
