package org.eventsourcing4j.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventStore;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional in core: only the metrics classes may refer to it, so that an
 * application without it on the class path never loads a class that needs it.
 */
class OptionalMicrometerTest {

    @Test
    void only_the_metrics_classes_refer_to_micrometer() throws IOException, URISyntaxException {
        Path classes = Path.of(EventStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> referring;
        try (Stream<Path> files = Files.walk(classes)) {
            referring = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(OptionalMicrometerTest::refersToMicrometer)
                    .map(file -> classes.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        assertThat(referring).containsExactly(
                "org/eventsourcing4j/projection/PartitionMetrics.class",
                "org/eventsourcing4j/projection/ProjectionMetrics.class",
                "org/eventsourcing4j/publishing/PublisherMetrics.class",
                "org/eventsourcing4j/store/metrics/CountingSpliterator.class",
                "org/eventsourcing4j/store/metrics/MeteredEventStore.class");
    }

    private static boolean refersToMicrometer(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("io/micrometer/");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + classFile, e);
        }
    }
}
