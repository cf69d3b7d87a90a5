package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request's JSON body, read by hand rather than by a message converter, because what is
 * refused and how is part of the API: at most {@link #MAX_BYTES} (counted while read, so a
 * chunked body cannot grow the heap either), {@code application/json} in UTF-8 only (JSON
 * in UTF-16 or UTF-32 is refused with 415 even without a charset parameter: the JSON parser
 * would otherwise detect and accept it), one object.
 *
 * @param bytes the body as received, for the idempotency fingerprint
 */
record RequestBody(ObjectNode json, byte[] bytes) {
    /** Request bodies larger than this are refused with 413. */
    static final int MAX_BYTES = 64 * 1024;
    /** How much of a refused body is read and thrown away, so the client can finish sending and see the 413. */
    private static final int MAX_DISCARD_BYTES = 1024 * 1024;

    static RequestBody read(HttpServletRequest request) {
        requireJsonContentType(request.getContentType());
        long length = request.getContentLengthLong();
        if (length > MAX_BYTES) {
            discard(request);
            throw tooLarge();
        }
        byte[] bytes;
        try {
            InputStream in = request.getInputStream();
            bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                discard(in);
                throw tooLarge();
            }
        } catch (IOException e) {
            throw Problem.malformed("the request body could not be read: " + Problems.abbreviate(e.getMessage()));
        }
        return new RequestBody(Json.readObject(utf8(bytes)), bytes);
    }

    private static void requireJsonContentType(String contentType) {
        if (contentType == null) {
            throw unsupported("the request has no Content-Type; send the body as application/json");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw unsupported("the body is " + Problems.abbreviate(mediaType) + "; send it as application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && (parameter.length < 2
                    || !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                throw unsupported("the body must be UTF-8, got " + Problems.abbreviate(parts[i].strip()));
            }
        }
    }

    /**
     * The body as text, if it is UTF-8. A NUL byte never occurs in JSON text in UTF-8 (control
     * characters must be escaped in strings), but in nearly every UTF-16 or UTF-32 one.
     */
    private static String utf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw unsupported("the body must be UTF-8 (it looks like UTF-16 or UTF-32)");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw unsupported("the body must be UTF-8; it has bytes that are not");
        }
    }

    private static Problem unsupported(String detail) {
        return new Problem(415, "unsupported-media-type", "Unsupported media type", detail)
                .withHeader("Accept-Post", "application/json");
    }

    private static Problem tooLarge() {
        return new Problem(413, "body-too-large", "The request body is too large",
                "the request body must be at most " + MAX_BYTES + " bytes (64 KiB)")
                .with("maxBytes", MAX_BYTES);
    }

    private static void discard(HttpServletRequest request) {
        try {
            discard(request.getInputStream());
        } catch (IOException e) {
            // The client went away or sent less than it announced: nothing left to answer.
        }
    }

    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while (total < MAX_DISCARD_BYTES && (read = in.read(buffer)) > 0) {
            total += read;
        }
    }
}
