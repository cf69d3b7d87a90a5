package org.eventsourcing4j.benchmarks.sidebyside;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The measurements of a run, printed as a markdown table: medians over rounds, ratio range, load. */
final class Report {
    /** One round of one scenario: both sides' rates and the load average when it ran. */
    private record Round(double store, double raw, double load) {
    }

    private final Map<Scenario, List<Round>> rounds = new LinkedHashMap<>();
    private final List<Double> roundLoads = new ArrayList<>();

    Report(List<Scenario> scenarios) {
        scenarios.forEach(s -> rounds.put(s, new ArrayList<>()));
    }

    void roundStarted(double load) {
        roundLoads.add(load);
    }

    void add(Scenario scenario, double store, double raw, double load) {
        rounds.get(scenario).add(new Round(store, raw, load));
    }

    void print(PrintStream out, String store, String raw) {
        out.println();
        out.println("| | scenario | " + store + " events/s | " + raw + " events/s | store / raw (median) "
                + "| min–max | target | load average |");
        out.println("|---|---|---:|---:|---:|---|---:|---|");
        rounds.forEach((scenario, measured) -> {
            double[] ratios = measured.stream().mapToDouble(r -> r.store() / r.raw()).sorted().toArray();
            double[] loads = measured.stream().mapToDouble(Round::load).sorted().toArray();
            out.println(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | **%.2f** | %.2f–%.2f | %.2f | %.1f–%.1f |",
                    scenario.id(), scenario.title(), median(measured.stream().mapToDouble(Round::store).toArray()),
                    median(measured.stream().mapToDouble(Round::raw).toArray()), median(ratios), ratios[0],
                    ratios[ratios.length - 1], scenario.target(), loads[0], loads[loads.length - 1]));
        });
        out.println();
        out.println(roundLoads.size() + " rounds; load average (1 min, /proc/loadavg) at the start of each: "
                + roundLoads.stream().map(l -> String.format(Locale.ROOT, "%.2f", l)).collect(Collectors.joining(", ")));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
