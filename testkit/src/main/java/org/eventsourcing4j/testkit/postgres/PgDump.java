package org.eventsourcing4j.testkit.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code pg_dump} (from the PATH) on one schema of the database a JDBC URL names, for
 * tests that check what the database holds byte for byte (crypto-shredding's erasure).
 */
public final class PgDump {
    private PgDump() {
    }

    /**
     * The plain-text dump (schema and data) of {@code schema}.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database?user=...}; {@code password} is passed as PGPASSWORD
     */
    public static byte[] schema(String jdbcUrl, String schema) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = null;
        String password = null;
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : java.net.URLDecoder.decode(parameter.substring(equals + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (name.equals("user")) {
                    user = value;
                } else if (name.equals("password")) {
                    password = value;
                }
            }
        }
        List<String> command = new ArrayList<>(List.of("pg_dump", "--no-owner", "--no-privileges",
                "-h", uri.getHost() == null ? "localhost" : uri.getHost(),
                "-p", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()), "-n", schema));
        if (user != null) {
            command.add("-U");
            command.add(user);
        }
        command.add(uri.getPath().substring(1));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            builder.environment().put("PGPASSWORD", password);
        }
        try {
            Process process = builder.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(out);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new TemporaryPostgresException("pg_dump failed: " + out.toString(
                        java.nio.charset.StandardCharsets.UTF_8), null);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot run pg_dump (is it on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryPostgresException("interrupted while pg_dump ran", e);
        }
    }
}
