package org.eventsourcing4j.examples.bank.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code blocks in the docs are copies of compiled, tested code: each must be preceded by
 * {@code <!-- snippet: path -->} and appear in that file line by line (indentation aside).
 */
class DocumentationSnippetsTest {

    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) -->");
    /** Surefire runs in the module folder, examples/bank. */
    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();

    @ParameterizedTest
    @ValueSource(strings = {"docs/aggregates.md", "docs/schema-evolution.md", "docs/snapshots.md",
        "docs/replicas.md"})
    void every_code_block_is_a_copy_of_the_file_it_names(String doc) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(doc));
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```java")) {
                continue;
            }
            Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1) : "");
            assertThat(marker.matches()).as(doc + " line " + (i + 1) + ": a java block without a snippet marker").isTrue();
            List<String> block = new ArrayList<>();
            for (i++; !lines.get(i).startsWith("```"); i++) {
                block.add(lines.get(i));
            }
            List<String> source = Files.readAllLines(ROOT.resolve(marker.group(1)));
            assertThat(Collections.indexOfSubList(normalized(source), normalized(block)))
                    .as(doc + ": the block ending at line " + (i + 1) + " is not in " + marker.group(1))
                    .isNotNegative();
            blocks++;
        }
        assertThat(blocks).as("java blocks in " + doc).isGreaterThanOrEqualTo(4);
    }

    private static List<String> normalized(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                kept.add(line.strip());
            }
        }
        return kept;
    }
}
