package org.eventsourcing4j.examples.bank;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.jdbc.JdbcSegmentTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.eventsourcing4j.projection.PartitionMetrics;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.spring.boot.Projections;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * The account projection partitioned ({@code bank.projection.segments} above 0): every
 * instance of the bank runs its share of the segments, claimed in the store's claims table
 * ({@link JdbcSegmentClaims#of}, e.g. {@code es_segment_claims}), and takes over a stopped or
 * dead instance's segments (see docs/scaling.md). Started and stopped with the other
 * projections; reports to the store's projection control (so the console and {@code es4j}
 * list it and can pause, resume and rebuild it) and binds its meters ({@link PartitionMetrics}).
 *
 * <p>Properties: {@code bank.projection.segments} (segments to start with),
 * {@code bank.projection.instance} (default host, pid and a random suffix),
 * {@code bank.projection.heartbeat} (default 1s), {@code bank.projection.claim-timeout}
 * (default 10s).
 */
public final class PartitionedAccounts implements SmartLifecycle, MeterBinder {
    static final String SEGMENTS = "bank.projection.segments";

    private final PartitionedProjection projection;
    private volatile boolean running;

    private PartitionedAccounts(PartitionedProjection projection) {
        this.projection = projection;
    }

    static PartitionedAccounts create(JdbcEventStore store, AccountProjection handler, ProjectionOptions options,
                                      Environment environment) {
        int segments = Integer.parseInt(environment.getProperty(SEGMENTS, "0"));
        String instance = environment.getProperty("bank.projection.instance", defaultInstance());
        Duration heartbeat = DurationStyle.detectAndParse(environment.getProperty("bank.projection.heartbeat", "1s"));
        Duration timeout = DurationStyle.detectAndParse(environment.getProperty("bank.projection.claim-timeout", "10s"));
        JdbcSegmentClaims claims = JdbcSegmentClaims.of(store);
        return new PartitionedAccounts(PartitionedProjection.create(AccountProjection.NAME, store, claims,
                JdbcSegmentTarget.factory(store, claims, claim -> handler, AccountProjection::clear),
                options.withControl(store.projectionControl()),
                new PartitionOptions(instance, segments, heartbeat, timeout)));
    }

    private static String defaultInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    public PartitionedProjection projection() {
        return projection;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        PartitionMetrics.bind(registry, projection);
    }

    @Override
    public void start() {
        projection.start();
        running = true;
    }

    @Override
    public void stop() {
        projection.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Projections.PHASE;
    }
}
