package org.eventsourcing4j.store.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.eventsourcing4j.store.Metadata;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MetadataJsonTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void emptyMetadataIsNull() {
        assertThat(MetadataJson.encode(Metadata.EMPTY)).isNull();
        assertThat(MetadataJson.decode(null)).isEqualTo(Metadata.EMPTY);
    }

    @Test
    void leavesOutAbsentParts() {
        assertThat(MetadataJson.encode(new Metadata("c-1", null, Map.of()))).isEqualTo("{\"correlationId\":\"c-1\"}");
        assertThat(MetadataJson.encode(new Metadata(null, "k-1", Map.of()))).isEqualTo("{\"causationId\":\"k-1\"}");
        assertThat(MetadataJson.encode(new Metadata(null, null, Map.of("tenant", "a"))))
                .isEqualTo("{\"headers\":{\"tenant\":\"a\"}}");
    }

    @Test
    void escapesWhatJsonNeedsEscaped() throws Exception {
        Metadata metadata = new Metadata("c\"1\\", null, Map.of("note", "line\nbreak\ttab \"quoted\" \\ é 😀 \u0001"));
        String json = MetadataJson.encode(metadata);
        JsonNode tree = JSON.readTree(json);
        assertThat(tree.get("correlationId").asString()).isEqualTo("c\"1\\");
        assertThat(tree.get("headers").get("note").asString()).isEqualTo(metadata.headers().get("note"));
        assertThat(MetadataJson.decode(json)).isEqualTo(metadata);
    }

    /** Seeded random metadata: the text is valid JSON, Jackson reads the same values, and it decodes back. */
    @Test
    void randomMetadataRoundTrips() {
        Random random = new Random(20261128);
        for (int i = 0; i < 500; i++) {
            Map<String, String> headers = new LinkedHashMap<>();
            int count = random.nextInt(4);
            for (int h = 0; h < count; h++) {
                headers.put("h" + h + identifier(random), text(random));
            }
            Metadata metadata = new Metadata(random.nextBoolean() ? identifier(random) : null,
                    random.nextBoolean() ? identifier(random) : null, headers);
            String json = MetadataJson.encode(metadata);
            if (metadata.isEmpty()) {
                assertThat(json).isNull();
                continue;
            }
            JsonNode tree = JSON.readTree(json);
            assertThat(tree.path("correlationId").isMissingNode() ? null : tree.get("correlationId").asString())
                    .isEqualTo(metadata.correlationId());
            assertThat(tree.path("causationId").isMissingNode() ? null : tree.get("causationId").asString())
                    .isEqualTo(metadata.causationId());
            assertThat(tree.path("headers").size()).isEqualTo(headers.size());
            assertThat(MetadataJson.decode(json)).isEqualTo(metadata);
        }
    }

    private static String identifier(Random random) {
        StringBuilder s = new StringBuilder("id");
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return s.toString();
    }

    /** Free text: printable ASCII, quotes and backslashes, control characters (not NUL), non-ASCII, pairs. */
    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> s.append((char) (0x20 + random.nextInt(0x5f)));
                case 1 -> s.append(random.nextBoolean() ? '"' : '\\');
                case 2 -> s.append((char) (1 + random.nextInt(0x1f)));
                case 3 -> s.append((char) (0xa0 + random.nextInt(0x2000)));
                default -> s.appendCodePoint(0x1f600 + random.nextInt(0x40));
            }
        }
        return s.toString();
    }
}
