package org.eventsourcing4j.cli.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Export;
import org.eventsourcing4j.cli.internal.ops.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write streams to an NDJSON file, one event with its whole envelope per"
        + " line, stream after stream, each in version order. Memory stays bounded however large the store.")
final class ExportCommand extends Base {
    @Mixin
    StoreOptions store;

    @Option(names = "--prefix", defaultValue = "", description = "only streams whose ids start with this")
    String prefix;

    @Parameters(paramLabel = "FILE", description = "where to write; '-' for standard output. Written to FILE.part"
            + " first and renamed when complete")
    String file;

    @Override
    public Integer call() throws IOException {
        boolean toStdout = file.equals("-");
        PrintWriter report = toStdout ? context().err() : out();
        long started = System.nanoTime();
        try (Target target = store.open()) {
            long total = context().terminal() ? Export.count(target.store(), prefix) : -1;
            long events;
            try (ProgressBar progress = ProgressBar.of(context(), "export", "events")) {
                if (toStdout) {
                    OutputStream out = new BufferedOutputStream(context().binaryOut(), 1 << 16);
                    events = Export.run(target.store(), prefix, out, n -> progress.update(n, fraction(n, total)));
                } else {
                    Path destination = Path.of(file).toAbsolutePath();
                    Path part = destination.resolveSibling(destination.getFileName() + ".part");
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                        events = Export.run(target.store(), prefix, out, n -> progress.update(n, fraction(n, total)));
                    } catch (IOException | RuntimeException e) {
                        Files.deleteIfExists(part);
                        throw e;
                    }
                    Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            report.println(String.format("exported %,d events%s to %s in %.1f s (%,.0f events/s)", events,
                    prefix.isEmpty() ? "" : " of streams starting with '" + prefix + "'", toStdout ? "standard output"
                            : file, seconds, events / Math.max(seconds, 0.001)));
            report.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + Errors.rootMessage(e), e);
        }
    }

    private static double fraction(long done, long total) {
        return total <= 0 ? -1 : (double) done / total;
    }
}
