package org.eventsourcing4j.benchmarks.sidebyside;

import java.util.Arrays;
import java.util.List;

/**
 * What a run measures, from system properties (defaults in brackets):
 * {@code harness.scenarios} [A,B,C,D,E,G,P: ids or their letter, e.g. {@code G} for G1 and G2],
 * {@code harness.rounds} [5], {@code harness.seconds} per side and scenario [3],
 * {@code harness.warmup} seconds per side and scenario before the rounds, 0 for none [as harness.seconds],
 * {@code harness.streams} the stream lengths D loads [1000,10000],
 * {@code harness.log} how many events E reads [100000,1000000],
 * {@code harness.projection} the events P catches up on [100000; the figure is 1000000],
 * {@code harness.cpu} also print CPU time per event [false].
 */
public record Settings(List<String> scenarios, int rounds, double seconds, double warmup, List<Integer> streamLengths,
                       List<Integer> logEvents, int projectionEvents, boolean cpu) {

    public Settings {
        if (rounds < 1 || seconds <= 0 || warmup < 0 || projectionEvents < 1
                || streamLengths.stream().anyMatch(n -> n < 1) || logEvents.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("rounds, seconds, sizes must be positive and warm-up not negative: " + this);
        }
    }

    public static Settings fromSystemProperties() {
        return new Settings(list("harness.scenarios", "A,B,C,D,E,G,P"),
                Integer.parseInt(System.getProperty("harness.rounds", "5")),
                Double.parseDouble(System.getProperty("harness.seconds", "3")),
                Double.parseDouble(System.getProperty("harness.warmup", System.getProperty("harness.seconds", "3"))),
                numbers("harness.streams", "1000,10000"),
                numbers("harness.log", "100000,1000000"),
                Integer.parseInt(System.getProperty("harness.projection", "100000")),
                Boolean.getBoolean("harness.cpu"));
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> numbers(String property, String defaults) {
        return list(property, defaults).stream().map(s -> Integer.parseInt(s.replace("_", ""))).toList();
    }
}
