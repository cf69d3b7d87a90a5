package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.console.*}: the web console mounted in the application's own web
 * server (a servlet application with {@code eventsourcing4j-cli} on the class path).
 *
 * @param enabled      mount it (default false: an application opts in)
 * @param path         where: its pages are at {@code <path>/} (default {@code /console})
 * @param adminToken   empty (the default): read-only. Set (at least 16 characters): replay,
 *                     skip, rebuild, reset, pause and resume are allowed to requests from the
 *                     console's own pages that carry it (docs/console.md)
 * @param allowedHosts the {@code Host} headers it answers, e.g. {@code bank.example.com:443}
 *                     (against DNS rebinding); empty (the default): any
 * @param lagSample    how often the lag chart takes a point (default 2s)
 */
@ConfigurationProperties("eventsourcing4j.console")
public record ConsoleProperties(@DefaultValue("false") boolean enabled, @DefaultValue("/console") String path,
                                @DefaultValue("") String adminToken, @DefaultValue List<String> allowedHosts,
                                @DefaultValue("2s") Duration lagSample) {

    public ConsoleProperties {
        PropertyChecks.notNull(path, "eventsourcing4j.console.path");
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("*")
                || path.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("eventsourcing4j.console.path must be a path such as /console"
                    + " (a leading /, no trailing /, no wildcard), got '" + path + "'");
        }
        adminToken = adminToken == null ? "" : adminToken.strip();
        if (!adminToken.isEmpty() && adminToken.length() < 16) {
            throw new IllegalArgumentException("eventsourcing4j.console.admin-token must be at least 16 characters");
        }
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        PropertyChecks.positive(lagSample, "eventsourcing4j.console.lag-sample");
    }
}
