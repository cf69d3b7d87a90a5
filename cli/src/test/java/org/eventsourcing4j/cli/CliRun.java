package org.eventsourcing4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eventsourcing4j.cli.internal.Context;

/** Runs {@code es4j} in this process, as a shell would, and keeps what it printed. */
final class CliRun {
    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliRun of(List<String> storeArgs, String... args) {
        return run(Map.of(), false, Clock.systemUTC(), "", storeArgs, args);
    }

    static CliRun run(Map<String, String> environment, boolean terminal, Clock clock, String stdin,
                      List<String> storeArgs, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        // store options go after the command name, as a person types them
        all.addAll(Math.min(1, all.size()), storeArgs);
        Context context = new Context(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), binary, environment, clock, terminal);
        int code = Es4j.run(all.toArray(String[]::new), context);
        return new CliRun(code, out + binary.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** The lines of standard output. */
    List<String> lines() {
        return out.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
