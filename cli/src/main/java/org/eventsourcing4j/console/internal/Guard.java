package org.eventsourcing4j.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what. Reads are for every request whose {@code Host} is allowed (an allow-list
 * keeps DNS rebinding from turning a page elsewhere into a reader). Admin actions — replay,
 * skip, rebuild, reset, pause, resume — need the console started with an admin token, and a
 * {@code POST} that:
 *
 * <ul>
 *   <li>carries the token in the {@code X-Es4j-Token} header (compared in constant time). A
 *       page on another site cannot read the token, and cannot set a custom header on a
 *       cross-site request without a CORS preflight, which the console never grants;</li>
 *   <li>comes from the console's own pages: {@code Sec-Fetch-Site}, when the browser sends it,
 *       is {@code same-origin}, and {@code Origin}, when present, is the console's own host;</li>
 *   <li>has a JSON body ({@code Content-Type: application/json}), which no HTML form can send.</li>
 * </ul>
 *
 * No cookie is involved, so there is no ambient authority for a forged request to ride on.
 */
final class Guard {
    static final String TOKEN_HEADER = "X-Es4j-Token";

    private final Optional<byte[]> token;
    private final Set<String> allowedHosts;

    Guard(Optional<String> token, Set<String> allowedHosts) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.allowedHosts = allowedHosts;
    }

    boolean adminEnabled() {
        return token.isPresent();
    }

    void checkHost(Http http) {
        if (allowedHosts.isEmpty()) {
            return;
        }
        String host = http.exchange().header("Host").orElse("").toLowerCase(Locale.ROOT);
        if (!allowedHosts.contains(host)) {
            throw new Http.HttpError(421, "this console does not answer for host '" + host + "'");
        }
    }

    void checkAdmin(Http http) {
        if (token.isEmpty()) {
            throw new Http.HttpError(403, "this console is read-only: start it with --allow-admin (and a token) for"
                    + " admin actions");
        }
        if (!"POST".equals(http.method())) {
            throw new Http.HttpError(405, "admin actions are POST requests");
        }
        String site = http.exchange().header("Sec-Fetch-Site").orElse("same-origin");
        if (!site.equals("same-origin")) {
            throw new Http.HttpError(403, "cross-site request refused (Sec-Fetch-Site: " + site + ")");
        }
        Optional<String> origin = http.exchange().header("Origin");
        String host = http.exchange().header("Host").orElse("");
        if (origin.isPresent() && !sameHost(origin.get(), host)) {
            throw new Http.HttpError(403, "cross-origin request refused (Origin: " + origin.get() + ")");
        }
        String type = http.exchange().header("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Http.HttpError(415, "admin actions take a JSON body (Content-Type: application/json)");
        }
        byte[] given = http.exchange().header(TOKEN_HEADER).orElse("").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            throw new Http.HttpError(401, "the admin token is missing or wrong (header " + TOKEN_HEADER + ")");
        }
    }

    private static boolean sameHost(String origin, String host) {
        int scheme = origin.indexOf("://");
        String authority = scheme < 0 ? origin : origin.substring(scheme + 3);
        return !host.isEmpty() && authority.equalsIgnoreCase(host);
    }
}
