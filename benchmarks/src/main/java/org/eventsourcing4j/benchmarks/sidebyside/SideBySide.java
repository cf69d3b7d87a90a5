package org.eventsourcing4j.benchmarks.sidebyside;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Runs the selected scenarios on both sides in the same run and reports the ratio store /
 * raw. Each side prepares what the scenarios read once; a warm-up pass runs every scenario
 * on both; then each round measures every scenario on both sides, one after the other,
 * alternating which goes first from round to round, so that drift and other load on the
 * machine hit both alike. The report gives medians over rounds and the ratios' range.
 */
public final class SideBySide {
    private final Settings settings;
    private final Scenarios scenarios;
    /** CPU time of the database server when it runs apart from this JVM, or null. */
    private final LongSupplier serverCpuNanos;

    public SideBySide(Settings settings, LongSupplier serverCpuNanos) {
        this.settings = settings;
        this.scenarios = new Scenarios(settings);
        this.serverCpuNanos = serverCpuNanos;
    }

    public void run(Side store, Side raw) throws Exception {
        var os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "java %s, %d cores, load average %.2f; %s%n", System.getProperty("java.version"),
                os.getAvailableProcessors(), loadAverage(), settings);
        for (Side side : new Side[] {store, raw}) {
            long start = System.nanoTime();
            scenarios.prepare(side);
            System.out.printf(Locale.ROOT, "prepared %s in %.1f s%n", side.name(), (System.nanoTime() - start) / 1e9);
        }
        if (settings.warmup() > 0) {
            for (Scenario scenario : scenarios.selected()) {
                scenario.measure().run(store, settings.warmup());
                scenario.measure().run(raw, settings.warmup());
            }
            System.out.println("warmed up");
        }
        Report report = new Report(scenarios.selected());
        for (int round = 0; round < settings.rounds(); round++) {
            report.roundStarted(loadAverage());
            for (int i = 0; i < scenarios.selected().size(); i++) {
                Scenario scenario = scenarios.selected().get(i);
                boolean storeFirst = (round + i) % 2 == 0;
                double load = loadAverage();
                double first = measure(scenario, storeFirst ? store : raw, round);
                double second = measure(scenario, storeFirst ? raw : store, round);
                report.add(scenario, storeFirst ? first : second, storeFirst ? second : first, load);
            }
        }
        report.print(System.out, store.name(), raw.name());
    }

    /** Events per second of one scenario on one side; prints a line of progress. */
    private double measure(Scenario scenario, Side side, int round) throws Exception {
        long jvm = CpuProbe.jvmNanos();
        long server = serverCpuNanos == null ? 0 : serverCpuNanos.getAsLong();
        Scenario.Result result = scenario.measure().run(side, settings.seconds());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d %-3s %-16s %,12.0f events/s",
                round + 1, scenario.id(), side.name(), result.perSecond()));
        if (result.conflicts() > 0) {
            line.append(String.format(Locale.ROOT, "  %.2f conflicts/event", (double) result.conflicts() / result.events()));
        }
        if (settings.cpu()) {
            line.append(String.format(Locale.ROOT, "  jvm %.1f µs/event", (CpuProbe.jvmNanos() - jvm) / 1e3 / result.events()));
            if (serverCpuNanos != null) {
                line.append(String.format(Locale.ROOT, "  server %.1f µs/event",
                        (serverCpuNanos.getAsLong() - server) / 1e3 / result.events()));
            }
        }
        System.out.println(line);
        return result.perSecond();
    }

    /** The 1-minute load average, from {@code /proc/loadavg} where there is one. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }
}
