package org.eventsourcing4j.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Import;
import org.eventsourcing4j.cli.internal.ops.ImportClock;
import org.eventsourcing4j.cli.internal.ops.ImportReport;
import org.eventsourcing4j.cli.internal.ops.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {"Write an NDJSON export into a store (created if missing). Each stream"
        + " is written in one transaction: whole or not at all. Idempotent by event id: events already stored"
        + " are skipped, so an import can be run again. Events keep their ids, versions, recorded-at times,"
        + " revisions, data and metadata; the target assigns new log positions.",
        "A stream that conflicts with the target (other events at those versions) is not written and is"
        + " reported (exit 5); a corrupt line stops the import (exit 5)."})
final class ImportCommand extends Base {
    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "FILE", description = "the NDJSON file; '-' for standard input")
    String file;

    @Option(names = "--dry-run", description = "read and check every line, write nothing")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        long size = file.equals("-") ? -1 : size(Path.of(file));
        ImportClock clock = new ImportClock();
        long started = System.nanoTime();
        try (Target target = store.open(!dryRun, clock);
             BufferedReader lines = file.equals("-")
                     ? new BufferedReader(new InputStreamReader(context().in(), StandardCharsets.UTF_8), 1 << 16)
                     : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
             ProgressBar progress = ProgressBar.of(context(), dryRun ? "check" : "import", "bytes")) {
            ImportReport report;
            try {
                report = new Import(target, clock, dryRun).run(lines, n -> progress.update(n,
                        size <= 0 ? -1 : (double) n / size));
            } catch (Import.CorruptLineException e) {
                throw new CliException(ExitCodes.REFUSED, file + " " + e.getMessage()
                        + "; the stream it belongs to was not written (the streams before it were)", e);
            }
            progress.close();
            double seconds = (System.nanoTime() - started) / 1e9;
            out().println(String.format("%s %,d streams, %,d events (%,d written, %,d already stored) from %,d lines"
                    + " in %.1f s", dryRun ? "checked" : "imported", report.streams(), report.events(),
                    report.written(), report.present(), report.lines(), seconds));
            for (ImportReport.Refusal refusal : report.refused()) {
                out().println("refused stream '" + refusal.stream() + "' (lines " + refusal.firstLine() + "-"
                        + refusal.lastLine() + "), nothing of it written: " + refusal.reason());
            }
            out().flush();
            if (!report.refused().isEmpty()) {
                context().err().println(report.refused().size() + " stream(s) refused: they conflict with "
                        + target.description());
                context().err().flush();
                return ExitCodes.REFUSED;
            }
            return ExitCodes.OK;
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + path);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + path + ": " + Errors.rootMessage(e), e);
        }
    }
}
