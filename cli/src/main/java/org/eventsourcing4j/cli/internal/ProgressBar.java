package org.eventsourcing4j.cli.internal;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * A one-line progress bar with rate and time left, redrawn on standard error at most five
 * times a second — only when a person watches a terminal ({@link Context#terminal()});
 * otherwise it prints nothing, so scripts and logs stay clean.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_MILLIS = 200;

    private final PrintWriter err;
    private final Clock clock;
    private final String label;
    private final String unit;
    private final long startMillis;
    private long lastDrawMillis = Long.MIN_VALUE;
    private boolean drawn;

    private ProgressBar(PrintWriter err, Clock clock, String label, String unit) {
        this.err = err;
        this.clock = clock;
        this.label = label;
        this.unit = unit;
        this.startMillis = clock.millis();
    }

    /** A bar on {@code context}'s error stream, or one that draws nothing when no terminal is attached. */
    public static ProgressBar of(Context context, String label, String unit) {
        return new ProgressBar(context.terminal() ? context.err() : null, context.clock(), label, unit);
    }

    /**
     * @param done     how many {@code unit}s are done (shown with the rate)
     * @param fraction how much of the whole is done, 0..1; negative when unknown (no bar, no ETA)
     */
    public void update(long done, double fraction) {
        if (err == null) {
            return;
        }
        long now = clock.millis();
        if (drawn && now - lastDrawMillis < REDRAW_MILLIS) {
            return;
        }
        lastDrawMillis = now;
        drawn = true;
        err.print("\r" + line(done, fraction, now) + "\u001b[K");
        err.flush();
    }

    String line(long done, double fraction, long now) {
        double seconds = Math.max(0.001, (now - startMillis) / 1000.0);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(label).append(' ');
        if (fraction >= 0) {
            double clamped = Math.min(1, fraction);
            int filled = (int) Math.round(clamped * WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%% ", Math.round(clamped * 100)));
        }
        line.append(String.format("%,d %s  %,.0f %s/s", done, unit, rate, unit));
        if (fraction > 0 && fraction < 1) {
            long left = Math.round(seconds * (1 - fraction) / fraction);
            line.append("  ETA ").append(format(Duration.ofSeconds(left)));
        }
        return line.toString();
    }

    private static String format(Duration duration) {
        long s = duration.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    /** Ends the bar's line. */
    @Override
    public void close() {
        if (err != null && drawn) {
            err.println();
            err.flush();
        }
    }
}
