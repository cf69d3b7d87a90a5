package org.eventsourcing4j.cli.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.console.Console;
import org.eventsourcing4j.console.ConsoleExtension;
import org.eventsourcing4j.console.ConsoleHttpHandler;
import org.eventsourcing4j.console.ConsoleOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "console", description = {"Serve the web console until interrupted (Ctrl-C). Read-only unless"
        + " --allow-admin: then replay, skip, rebuild, reset, pause and resume need the admin token (printed at"
        + " start unless given in ES4J_CONSOLE_TOKEN or --admin-token-file).",
        "Aggregate types for the time-travel state come from ConsoleExtension services on the class path."})
final class ConsoleCommand extends Base {
    @Mixin
    StoreOptions store;

    @Option(names = "--port", defaultValue = "8090", description = "the port (default 8090; 0 for any free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "the address to listen on (default 127.0.0.1: this machine only)")
    String host;

    @Option(names = "--allow-admin", description = "allow admin actions to holders of the token")
    boolean allowAdmin;

    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "read the admin token from this file")
    Path tokenFile;

    @Override
    public Integer call() throws IOException {
        try (Target target = store.open()) {
            ConsoleOptions options = ConsoleOptions.readOnly().withDescription(target.description());
            if (target.horizon().isPresent()) {
                options = options.withHorizon(target.horizon().get());
            }
            String token = allowAdmin ? token() : null;
            if (token != null) {
                options = options.withAdminToken(token);
            }
            InetAddress address = InetAddress.getByName(host);
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            int bound = server.getAddress().getPort();
            if (address.isLoopbackAddress()) {
                options = options.withAllowedHosts(Set.of("localhost:" + bound, "127.0.0.1:" + bound, "[::1]:" + bound));
            }
            for (ConsoleExtension extension : ServiceLoader.load(ConsoleExtension.class)) {
                options = extension.configure(options);
            }
            ExecutorService threads = Executors.newFixedThreadPool(16, runnable -> {
                Thread thread = new Thread(runnable, "console-http");
                thread.setDaemon(true);
                return thread;
            });
            try (Console console = Console.create(target.store(), options)) {
                server.createContext("/", new ConsoleHttpHandler(console));
                server.setExecutor(threads);
                server.start();
                String shown = address.isLoopbackAddress() ? "localhost" : host;
                out().println("console of " + target.description() + " at http://" + shown + ":" + bound + "/"
                        + (token == null ? " (read-only)" : ""));
                if (token != null && tokenFile == null && !context().environment().containsKey("ES4J_CONSOLE_TOKEN")) {
                    out().println("admin token: " + token);
                }
                out().flush();
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.stop(0);
                threads.shutdownNow();
            }
            return ExitCodes.OK;
        }
    }

    private String token() throws IOException {
        if (tokenFile != null) {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        }
        String fromEnvironment = context().environment().get("ES4J_CONSOLE_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
