package org.eventsourcing4j.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPayloadTest {

    static Stream<Named<byte[]>> accepted() {
        return Stream.of(
                named("empty object", "{}"),
                named("whitespace around", " \t\r\n{ \n}\r\n\t "),
                named("every value type", "{\"s\":\"x\",\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,\"o\":{},\"a\":[]}"),
                named("nested values", "{\"a\":[1,[2,{\"b\":[{}]}],{\"c\":{\"d\":null}}]}"),
                named("every short escape", "{\"e\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"}"),
                named("unicode escapes in both cases", "{\"e\":\"\\u00e9\\u20AC\\uFFFF\\u0001\\u001f\"}"),
                named("escaped surrogate pair", "{\"e\":\"\\ud83d\\ude00 \\uDBFF\\uDFFF\"}"),
                named("raw UTF-8 of every length", "{\"é€中😀\":\"\u0080\u07FF\u0800\uD7FF\uE000\uFFFF\"}"),
                named("raw U+10FFFF", bytes("{\"a\":\"", 0xF4, 0x8F, 0xBF, 0xBF, "\"}")),
                named("raw DEL in a string", "{\"a\":\"\u007F\"}"),
                named("numbers", "{\"a\":[0,-0,1,-1,0.5,-0.0,10,1e5,1E5,1e+5,1e-5,-0.0e0,1.25E-10,"
                        + "123456789012345678901234567890,9e131071]}"),
                named("number of 1,000 digits", "{\"a\":1." + "2".repeat(998) + "e1}"),
                named("same key in sibling and nested objects", "{\"a\":{\"a\":1},\"b\":{\"a\":{\"a\":2}},\"c\":[{\"a\":3},{\"a\":4}]}"),
                named("keys that differ only after decoding", "{\"a\":1,\"\\u0062\":2,\"A\":3,\"\":4,\"\\u00e9\":5,\"e\\u0301\":6}"),
                named("many distinct keys", object(IntStream.range(0, 200).mapToObj(i -> "\"k" + i + "\":" + i))),
                named("outer keys checked around large nested objects", "{\"x\":1," + "\"big\":"
                        + object(IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\":" + i)) + ",\"y\":2}"),
                named("key of 50,000 bytes", "{\"" + "é".repeat(25_000) + "\":1}"),
                named("nesting 500 levels deep", "{\"a\":" + "[".repeat(499) + "]".repeat(499) + "}"));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void accepts(byte[] payload) {
        assertThatCode(() -> JsonPayload.validate(payload, "event data")).doesNotThrowAnyException();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                reject("whitespace only", " \n", "must be a JSON object, but holds only whitespace at byte 2"),
                reject("an array", "[1,2]", "must be a JSON object, but starts with '[' at byte 0"),
                reject("a string", "\"text\"", "must be a JSON object"),
                reject("a number", "42", "must be a JSON object"),
                reject("null", "null", "must be a JSON object"),
                reject("byte order mark", bytes("", 0xEF, 0xBB, 0xBF, "{}"), "starts with byte 0xEF at byte 0"),
                reject("UTF-16", "{}".getBytes(StandardCharsets.UTF_16LE), "at byte 1"),
                reject("unclosed object", "{\"a\":1", "expected ',' or '}' after an object member, found the end of input at byte 6"),
                reject("missing value", "{\"a\":}", "expected a value, found '}' at byte 5"),
                reject("missing colon", "{\"a\" 1}", "expected ':' after the key, found '1' at byte 5"),
                reject("trailing comma in object", "{\"a\":1,}", "expected '\"' to start a key, found '}' at byte 7"),
                reject("trailing comma in array", "{\"a\":[1,]}", "expected a value, found ']' at byte 8"),
                reject("missing comma", "{\"a\":1 \"b\":2}", "at byte 7"),
                reject("second object", "{\"a\":1}{}", "has content after the JSON object: '{' at byte 7"),
                reject("trailing text", "{\"a\":1} x", "has content after the JSON object: 'x' at byte 8"),
                reject("form feed is not JSON whitespace", "{}\f", "byte 0x0C at byte 2"),
                reject("no-break space is not JSON whitespace", "{}\u00A0", "byte 0xC2 at byte 2"),
                reject("single quotes", "{'a':1}", "at byte 1"),
                reject("unquoted key", "{a:1}", "at byte 1"),
                reject("line comment", "{}//", "at byte 2"),
                reject("block comment", "{/* c */\"a\":1}", "at byte 1"),
                reject("leading zero", "{\"a\":01}", "a number must not have a leading zero at byte 5"),
                reject("negative leading zero", "{\"a\":-01}", "leading zero"),
                reject("plus sign", "{\"a\":+1}", "expected a value, found '+' at byte 5"),
                reject("bare fraction", "{\"a\":.5}", "at byte 5"),
                reject("empty fraction", "{\"a\":1.}", "expected a digit after the decimal point"),
                reject("empty exponent", "{\"a\":1e+}", "expected a digit in the exponent"),
                reject("lone minus", "{\"a\":-}", "expected a digit"),
                reject("NaN", "{\"a\":NaN}", "at byte 5"),
                reject("Infinity", "{\"a\":Infinity}", "at byte 5"),
                reject("negative Infinity", "{\"a\":-Infinity}", "at byte 6"),
                reject("hex number", "{\"a\":0x1F}", "at byte 6"),
                reject("number of 1,001 digits", "{\"a\":" + "1".repeat(1001) + "}", "has a number of 1001 digits, the limit is 1000 at byte 5"),
                reject("truncated literal", "{\"a\":tru}", "expected 'true' at byte 5"),
                reject("capitalised literal", "{\"a\":True}", "at byte 5"),
                reject("literal with a suffix", "{\"a\":nullx}", "found 'x' at byte 9"),
                reject("unterminated string", "{\"a\":\"abc", "the string that starts here has no closing quote at byte 5"),
                reject("raw tab in a string", "{\"a\":\"x\ty\"}", "the control character U+0009 must be escaped in a string at byte 7"),
                reject("raw newline in a key", "{\"a\nb\":1}", "U+000A"),
                reject("raw NUL in a string", bytes("{\"a\":\"x", 0x00, "\"}"), "contains a NUL byte in a string at byte 7"),
                reject("raw NUL outside strings", bytes("{", 0x00, "}"), "at byte 1"),
                reject("unknown escape", "{\"a\":\"\\x41\"}", "invalid escape '\\' followed by 'x' at byte 6"),
                reject("escaped single quote", "{\"a\":\"\\'\"}", "invalid escape"),
                reject("capital U escape", "{\"a\":\"\\U0041\"}", "invalid escape"),
                reject("short unicode escape", "{\"a\":\"\\u12\"}", "a \\u escape needs four hex digits at byte 6"),
                reject("non-hex unicode escape", "{\"a\":\"\\u12G4\"}", "four hex digits"),
                reject("backslash at the end", "{\"a\":\"\\", "at byte 6"),
                reject("NUL escape in a string", "{\"a\":\"x\\u0000y\"}", "contains a NUL character (\\u0000) in a string at byte 7"),
                reject("NUL escape in a key", "{\"a\\u0000\":1}", "contains a NUL character (\\u0000) in a key at byte 3"),
                reject("NUL escape deep inside", "{\"a\":[\"ok\",{\"deep\":\"\\u0000\"}]}", "NUL"),
                reject("lone high surrogate", "{\"a\":\"\\ud800\"}", "contains a lone surrogate \\uD800 in a string"),
                reject("high surrogate then a letter", "{\"a\":\"\\ud83dx\"}", "lone surrogate \\uD83D"),
                reject("high surrogate then a non-surrogate escape", "{\"a\":\"\\ud800\\u0041\"}", "lone surrogate"),
                reject("two high surrogates", "{\"a\":\"\\ud800\\ud800\"}", "lone surrogate"),
                reject("high surrogate then a raw low one", bytes("{\"a\":\"\\ud800", 0xED, 0xB0, 0x80, "\"}"), "lone surrogate"),
                reject("lone low surrogate", "{\"a\":\"\\udc00x\"}", "contains a lone surrogate \\uDC00 in a string, a low surrogate"),
                reject("reversed surrogate pair", "{\"a\":\"\\ude00\\ud83d\"}", "lone surrogate \\uDE00"),
                reject("lone surrogate in a key", "{\"\\udfff\":1}", "\\uDFFF in a key"),
                reject("overlong 2-byte C0", bytes("{\"a\":\"", 0xC0, 0xAF, "\"}"), "is not valid UTF-8: malformed sequence starting with byte 0xC0 at byte 6"),
                reject("overlong 2-byte C1", bytes("{\"a\":\"", 0xC1, 0xBF, "\"}"), "UTF-8"),
                reject("overlong 3-byte", bytes("{\"a\":\"", 0xE0, 0x80, 0xAF, "\"}"), "UTF-8"),
                reject("overlong 4-byte", bytes("{\"a\":\"", 0xF0, 0x80, 0x80, 0xAF, "\"}"), "UTF-8"),
                reject("encoded high surrogate", bytes("{\"a\":\"", 0xED, 0xA0, 0x80, "\"}"), "byte 0xED at byte 6"),
                reject("encoded low surrogate", bytes("{\"a\":\"", 0xED, 0xBF, 0xBF, "\"}"), "UTF-8"),
                reject("encoded surrogate pair (CESU-8)", bytes("{\"a\":\"", 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, "\"}"), "UTF-8"),
                reject("above U+10FFFF", bytes("{\"a\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}"), "UTF-8"),
                reject("lead byte F5", bytes("{\"a\":\"", 0xF5, 0x80, 0x80, 0x80, "\"}"), "UTF-8"),
                reject("byte FF", bytes("{\"a\":\"", 0xFF, "\"}"), "UTF-8"),
                reject("stray continuation byte", bytes("{\"a\":\"x", 0x80, "\"}"), "byte 0x80 at byte 7"),
                reject("sequence cut by a quote", bytes("{\"a\":\"", 0xE2, 0x82, "\"}"), "UTF-8"),
                reject("sequence cut by the end", bytes("{\"a\":\"", 0xF0, 0x9F, 0x98), "UTF-8"),
                reject("lead byte then ASCII", bytes("{\"a\":\"", 0xC3, "(\"}"), "UTF-8"),
                reject("UTF-8 in a key", bytes("{\"", 0xC0, 0x80, "\":1}"), "UTF-8"),
                reject("non-ASCII outside strings", bytes("{\"a\":1", 0xC3, 0xA9, "}"), "byte 0xC3 at byte 6"),
                reject("duplicate key", "{\"a\":1,\"a\":2}", "has the duplicate key \"a\" at byte 7"),
                reject("duplicate key spelled with an escape", "{\"a\":1,\"\\u0061\":2}", "has the duplicate key \"a\" at byte 7"),
                reject("duplicate key, both escaped differently", "{\"\\u00e9\":1,\"\\u00E9\":2}", "duplicate key \"é\""),
                reject("duplicate key, raw and escaped", "{\"é😀\":1,\"\\u00e9\\ud83d\\ude00\":2}", "duplicate key \"é😀\""),
                reject("duplicate short escape", "{\"\\n\":1,\"\\u000a\":2}", "duplicate key \"\\u000A\""),
                reject("duplicate in a nested object", "{\"a\":{\"x\":1,\"y\":2,\"x\":3}}", "duplicate key \"x\" at byte 18"),
                reject("duplicate after a nested object closes", "{\"a\":{\"b\":1},\"a\":2}", "duplicate key \"a\" at byte 13"),
                reject("duplicate in a large object", object(Stream.concat(
                        IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\":" + i), Stream.of("\"\\u006b7\":0"))),
                        "duplicate key \"k7\""),
                reject("duplicate of the 17th key", object(Stream.concat(
                        IntStream.range(0, 17).mapToObj(i -> "\"k" + i + "\":" + i), Stream.of("\"k16\":0"))),
                        "duplicate key \"k16\""),
                reject("duplicate in the outer object after a large nested one", "{\"x\":1,\"big\":"
                        + object(IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\":" + i)) + ",\"x\":2}",
                        "duplicate key \"x\""),
                reject("key of 50,001 bytes", "{\"" + "k".repeat(50_001) + "\":1}", "has a key of 50001 bytes, the limit is 50000 at byte 1"),
                reject("nesting 501 levels deep", "{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}",
                        "nests objects and arrays more than 500 levels deep at byte 504"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejects(byte[] payload, String reason) {
        assertThatThrownBy(() -> JsonPayload.validate(payload, "event data"))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
                    assertThat(e.argument()).isEqualTo("event data");
                    assertThat(e.reason()).contains(reason);
                });
    }

    @Test
    void rejects_null_empty_and_oversized_payloads_before_scanning() {
        assertReason(null, "must not be null");
        assertReason(new byte[0], "must not be empty");
        byte[] over = ("{\"p\":\"" + "x".repeat(Limits.MAX_EVENT_DATA_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertReason(over, "is " + over.length + " bytes, the limit is " + Limits.MAX_EVENT_DATA_BYTES);
    }

    @Test
    void refuses_very_deep_nesting_without_overflowing_the_stack() {
        assertReason(("{\"a\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8), "more than 500 levels deep");
        assertReason("{\"a\":".repeat(100_000).getBytes(StandardCharsets.UTF_8), "more than 500 levels deep");
    }

    @Test
    void accepts_a_payload_at_the_size_limit_made_of_many_keys() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; json.length() < Limits.MAX_EVENT_DATA_BYTES - 100; i++) {
            json.append(i == 0 ? "" : ",").append("\"\\u006b").append(i).append("\":").append(i);
        }
        String padKey = ",\"pad\":\"";
        int padding = Limits.MAX_EVENT_DATA_BYTES - json.length() - padKey.length() - "\"}".length();
        json.append(padKey).append("x".repeat(padding)).append("\"}");
        byte[] payload = json.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(payload).hasSize(Limits.MAX_EVENT_DATA_BYTES);
        assertThatCode(() -> JsonPayload.validate(payload, "event data")).doesNotThrowAnyException();
    }

    private static void assertReason(byte[] payload, String reason) {
        assertThatThrownBy(() -> JsonPayload.validate(payload, "event data"))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.reason()).contains(reason));
    }

    private static Named<byte[]> named(String name, String json) {
        return Named.of(name, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Named<byte[]> named(String name, byte[] payload) {
        return Named.of(name, payload);
    }

    private static Arguments reject(String name, String json, String reason) {
        return reject(name, json.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static Arguments reject(String name, byte[] payload, String reason) {
        return Arguments.of(Named.of(name, payload), reason);
    }

    private static String object(Stream<String> members) {
        return "{" + String.join(",", members.toList()) + "}";
    }

    /** ASCII text, raw bytes, then ASCII text (the last argument may be omitted). */
    private static byte[] bytes(String before, Object... rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (Object part : rest) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(((String) part).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
