package org.eventsourcing4j.benchmarks.sidebyside;

/**
 * One figure of the report.
 *
 * @param id     as in issue 14 and in {@code -Dharness.scenarios}, e.g. {@code G2}
 * @param target the ratio store / raw that issue 14 asks for
 */
record Scenario(String id, String title, double target, Measure measure) {

    /** The letter that selects the scenario together with its siblings ({@code D} for D1 and D2). */
    String group() {
        return id.substring(0, 1);
    }

    @FunctionalInterface
    interface Measure {
        /** Runs the scenario once on {@code side}, for about {@code seconds} where it is timed. */
        Result run(Side side, double seconds) throws Exception;
    }

    /** What one measurement gave: events written or read, in how long, and conflicts retried. */
    record Result(long events, long nanos, long conflicts) {
        double perSecond() {
            return events * 1e9 / nanos;
        }
    }
}
