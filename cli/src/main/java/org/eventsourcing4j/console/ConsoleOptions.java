package org.eventsourcing4j.console;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eventsourcing4j.postgres.HorizonStatus;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;

/**
 * How a console serves; immutable, change a copy with the {@code with…} methods.
 *
 * @param adminToken   empty: read-only (the default). Present: replay, skip, rebuild, reset,
 *                     pause and resume are allowed to requests that carry it in the
 *                     {@code X-Es4j-Token} header and come from the console's own pages
 * @param aggregates   the aggregate types whose state the time-travel view folds
 * @param horizon      the held-back horizon, on PostgreSQL
 * @param allowedHosts the {@code Host} headers it answers (against DNS rebinding); empty: any
 * @param lagSample    how often the lag chart takes a point (it keeps ten minutes)
 * @param description  where the store is, for the page header
 */
public record ConsoleOptions(Optional<String> adminToken, List<AggregateView<?, ?>> aggregates,
                             Optional<Supplier<HorizonStatus>> horizon, Set<String> allowedHosts,
                             Duration lagSample, Clock clock, String description) {

    public ConsoleOptions {
        Checks.notNull(adminToken, "admin token");
        adminToken.ifPresent(token -> {
            if (token.length() < 16) {
                throw new InvalidArgumentException("admin token", "must be at least 16 characters");
            }
        });
        aggregates = List.copyOf(Checks.notNull(aggregates, "aggregates"));
        Checks.notNull(horizon, "horizon");
        allowedHosts = Set.copyOf(Checks.notNull(allowedHosts, "allowed hosts"));
        Checks.notNull(lagSample, "lag sample");
        Checks.notNull(clock, "clock");
        Checks.notNull(description, "description");
    }

    /** Read-only, no aggregates, no horizon, any host, a lag point every 2 s, the UTC clock. */
    public static ConsoleOptions readOnly() {
        return new ConsoleOptions(Optional.empty(), List.of(), Optional.empty(), Set.of(), Duration.ofSeconds(2),
                Clock.systemUTC(), "event store");
    }

    public ConsoleOptions withAdminToken(String token) {
        return new ConsoleOptions(Optional.of(Checks.notNull(token, "admin token")), aggregates, horizon, allowedHosts,
                lagSample, clock, description);
    }

    public ConsoleOptions withAggregate(AggregateView<?, ?> view) {
        List<AggregateView<?, ?>> more = new ArrayList<>(aggregates);
        more.add(Checks.notNull(view, "aggregate view"));
        return new ConsoleOptions(adminToken, more, horizon, allowedHosts, lagSample, clock, description);
    }

    public ConsoleOptions withHorizon(Supplier<HorizonStatus> status) {
        return new ConsoleOptions(adminToken, aggregates, Optional.of(Checks.notNull(status, "horizon")), allowedHosts,
                lagSample, clock, description);
    }

    public ConsoleOptions withAllowedHosts(Set<String> hosts) {
        return new ConsoleOptions(adminToken, aggregates, horizon, hosts, lagSample, clock, description);
    }

    public ConsoleOptions withLagSample(Duration interval) {
        return new ConsoleOptions(adminToken, aggregates, horizon, allowedHosts, interval, clock, description);
    }

    public ConsoleOptions withDescription(String text) {
        return new ConsoleOptions(adminToken, aggregates, horizon, allowedHosts, lagSample, clock, text);
    }
}
