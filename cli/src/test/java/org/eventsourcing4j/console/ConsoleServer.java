package org.eventsourcing4j.console;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eventsourcing4j.jdbc.JdbcEventStore;

/** A console mounted at {@code /console} on a JDK HTTP server of the test's own, on a free loopback port. */
final class ConsoleServer implements AutoCloseable {
    final Console console;
    final HttpServer server;
    final ExecutorService threads = Executors.newFixedThreadPool(12);
    final String base;
    final HttpClient client = HttpClient.newHttpClient();

    ConsoleServer(JdbcEventStore store, ConsoleOptions options) throws IOException {
        this.console = Console.create(store, options);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/console", new ConsoleHttpHandler(console));
        server.setExecutor(threads);
        server.start();
        this.base = "http://127.0.0.1:" + server.getAddress().getPort() + "/console/";
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        console.close();
    }
}
