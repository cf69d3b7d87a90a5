package org.eventsourcing4j.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eventsourcing4j.projection.CheckpointedTarget;
import org.eventsourcing4j.projection.ProjectionMetrics;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.junit.jupiter.api.Test;

/** The snippet at the top of docs/monitoring.md, compiled and run by the build; the doc must show it as it is here. */
class MonitoringDocTest {
    private static final String BEGIN = "// --- docs/monitoring.md snippet begins";
    private static final String END = "// --- docs/monitoring.md snippet ends";

    @Test
    void the_doc_shows_the_snippet_this_test_runs() throws IOException {
        String source = Files.readString(Path.of("src/test/java/org/eventsourcing4j/store/metrics/MonitoringDocTest.java"));
        String snippet = source.substring(source.indexOf(BEGIN + "\n") + BEGIN.length() + 1, source.indexOf(END + "\n"))
                .lines().map(line -> line.replaceFirst("^ {8}", "")).collect(Collectors.joining("\n"))
                .stripTrailing();
        String doc = Files.readString(Path.of("../docs/monitoring.md"));

        assertThat(snippet).contains("MeteredEventStore.of(");
        assertThat(doc).contains("```java\n" + snippet + "\n```");
    }

    @Test
    void monitoring_snippet() throws Exception {
        List<RecordedEvent> projected = new CopyOnWriteArrayList<>();
        ProjectionTarget target = new CheckpointedTarget("balances", projected::add, new InMemoryCheckpointStore(),
                projected::clear);

        // --- docs/monitoring.md snippet begins
        MeterRegistry registry = new SimpleMeterRegistry();   // in production: Prometheus, OTLP, ...
        EventStore store = MeteredEventStore.of(new InMemoryEventStore(), registry, "accounts");
        ProjectionRunner runner = ProjectionRunner.create("balances", store, target);
        ProjectionMetrics.bind(registry, runner);
        runner.start();

        store.append(StreamId.of("account-1"), ExpectedVersion.noStream(), EventData.of("AccountOpened", "{}"));
        // --- docs/monitoring.md snippet ends

        try {
            assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(20))).isTrue();
            assertThat(projected).extracting(RecordedEvent::type).containsExactly("AccountOpened");
            assertThat(registry.get("eventsourcing4j.store.events.appended").tag("store", "accounts").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("eventsourcing4j.store.events.read").tag("store", "accounts").tag("source", "log")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("eventsourcing4j.projection.events.processed").tag("projection", "balances")
                    .functionCounter().count()).isEqualTo(1.0);
        } finally {
            runner.close();
        }
    }
}
