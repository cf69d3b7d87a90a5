package org.eventsourcing4j.cli.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a command runs in: its output streams, the environment (for defaults), the clock, and
 * whether a person watches a terminal (progress bars only then). Tests make their own.
 *
 * @param binaryOut standard output for bytes (an export to {@code -}); {@code out} writes to it too
 * @param terminal  whether standard output and error go to a terminal
 */
public record Context(PrintWriter out, PrintWriter err, InputStream in, OutputStream binaryOut,
                      Map<String, String> environment, Clock clock, boolean terminal) {
}
