package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventsourcing4j.cli.internal.Context;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** es4j console serves until interrupted, with the aggregate types of ConsoleExtensions on the class path. */
class ConsoleCommandTest {
    private static final Pattern URL = Pattern.compile("at (http://localhost:\\d+/)");
    @TempDir
    Path directory;

    @Test
    void serves_the_console_of_a_store_until_interrupted() throws Exception {
        Path file = directory.resolve("c.db");
        try (CliStore fixture = CliStore.sqlite(file)) {
            fixture.store().append(StreamId.of("wallet-1"), ExpectedVersion.noStream(),
                    EventData.of("WalletOpened", "{\"owner\":\"Ada\"}"));
        }
        StringWriter out = new StringWriter();
        Context context = new Context(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), System.in,
                java.io.OutputStream.nullOutputStream(), Map.of(), Clock.systemUTC(), false);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(Es4j.run(new String[] {"console", "--sqlite", file.toString(),
                "--port", "0", "--allow-admin"}, context)));
        serving.start();
        String base = null;
        for (int i = 0; i < 200 && base == null; i++) {
            Matcher matcher = URL.matcher(out.toString());
            base = matcher.find() ? matcher.group(1) : null;
            Thread.sleep(50);
        }
        assertThat(base).as(out.toString()).isNotNull();
        assertThat(out.toString()).contains("admin token: ");

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> info = client.send(HttpRequest.newBuilder(URI.create(base + "api/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = ReadCommandsTest.JSON.readTree(info.body());
        assertThat(json.get("admin").asBoolean()).isTrue();
        assertThat(json.get("store").asString()).contains("c.db");
        assertThat(json.get("aggregates").get(0).asString()).isEqualTo("wallet");
        HttpResponse<String> state = client.send(HttpRequest.newBuilder(
                URI.create(base + "api/stream/state?id=wallet-1&version=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(state.body()).contains("\"owner\":\"Ada\"");

        serving.interrupt();
        serving.join(10_000);
        assertThat(exit.get()).isZero();
    }
}
