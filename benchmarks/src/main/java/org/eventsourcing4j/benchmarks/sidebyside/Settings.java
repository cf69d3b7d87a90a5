package org.eventsourcing4j.benchmarks.sidebyside;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eventsourcing4j.store.EventIds;

/**
 * What a run measures, from system properties (defaults in brackets):
 * {@code harness.scenarios} [A,B,C,D,E,G,P: ids or their letter, e.g. {@code G} for G1 and G2],
 * {@code harness.rounds} [5], {@code harness.seconds} per side and scenario [3],
 * {@code harness.warmup} seconds per side and scenario before the rounds, 0 for none [as harness.seconds],
 * {@code harness.streams} the stream lengths D loads [1000,10000],
 * {@code harness.log} how many events E reads [100000,1000000],
 * {@code harness.projection} the events P catches up on [100000; the figure is 1000000],
 * {@code harness.cpu} also print CPU time per event [false],
 * {@code harness.fill} events written to the main log before the rounds, so that writes go to a table
 * and indexes of that size [0],
 * {@code harness.ids} the store side's event ids, {@code time} ({@link EventIds#timeOrdered()}) or
 * {@code random} ({@link EventIds#random()}) [time, the default of {@code EventData.of}].
 */
public record Settings(List<String> scenarios, int rounds, double seconds, double warmup, List<Integer> streamLengths,
                       List<Integer> logEvents, int projectionEvents, boolean cpu, int fill, String ids) {

    public Settings {
        if (rounds < 1 || seconds <= 0 || warmup < 0 || projectionEvents < 1 || fill < 0
                || streamLengths.stream().anyMatch(n -> n < 1) || logEvents.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("rounds, seconds, sizes must be positive and warm-up not negative: " + this);
        }
        if (!ids.equals("time") && !ids.equals("random")) {
            throw new IllegalArgumentException("harness.ids is time or random, not " + ids);
        }
    }

    /** What makes the store side's event ids. */
    public Supplier<UUID> eventIds() {
        return ids.equals("time") ? EventIds::timeOrdered : EventIds::random;
    }

    public static Settings fromSystemProperties() {
        return new Settings(list("harness.scenarios", "A,B,C,D,E,G,P"),
                Integer.parseInt(System.getProperty("harness.rounds", "5")),
                Double.parseDouble(System.getProperty("harness.seconds", "3")),
                Double.parseDouble(System.getProperty("harness.warmup", System.getProperty("harness.seconds", "3"))),
                numbers("harness.streams", "1000,10000"),
                numbers("harness.log", "100000,1000000"),
                Integer.parseInt(System.getProperty("harness.projection", "100000")),
                Boolean.getBoolean("harness.cpu"),
                Integer.parseInt(System.getProperty("harness.fill", "0").replace("_", "")),
                System.getProperty("harness.ids", "time").trim());
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> numbers(String property, String defaults) {
        return list(property, defaults).stream().map(s -> Integer.parseInt(s.replace("_", ""))).toList();
    }
}
