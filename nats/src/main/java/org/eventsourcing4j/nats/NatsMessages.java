package org.eventsourcing4j.nats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.eventsourcing4j.publishing.EnvelopeHeaders;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Events as NATS messages: body the JSON data, headers the envelope. NATS headers carry
 * printable ASCII, so values are percent-encoded: every byte of their UTF-8 outside
 * {@code 0x20..0x7e}, and {@code '%'} itself, becomes {@code %XX} (ids, types and
 * positions are usually plain ASCII and read as they are).
 */
public final class NatsMessages {
    private NatsMessages() {
    }

    public static Headers headers(RecordedEvent event) {
        Headers headers = new Headers();
        for (Map.Entry<String, String> header : EnvelopeHeaders.of(event).entrySet()) {
            headers.add(header.getKey(), encode(header.getValue()));
        }
        return headers;
    }

    /**
     * The event a message carries.
     *
     * @throws org.eventsourcing4j.publishing.MalformedMessageException the message has no valid envelope
     */
    public static RecordedEvent event(Message message) {
        Headers headers = message.getHeaders();
        return EnvelopeHeaders.toEvent(name -> {
            String value = headers == null ? null : headers.getFirst(name);
            return value == null ? null : decode(value);
        }, message.getData());
    }

    static String encode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '%') {
                return escape(value);
            }
        }
        return value;
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c > 0x7e || c == '%') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
            if (c == '%' && low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
