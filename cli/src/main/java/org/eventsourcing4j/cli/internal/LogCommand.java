package org.eventsourcing4j.cli.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Envelopes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.Registration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "log", description = "Read the global log in order (gap-safe: never skips a committed event),"
        + " optionally following new events as they are appended.")
final class LogCommand extends Base {
    private static final long POLL_MILLIS = 500;

    @Mixin
    StoreOptions store;

    @Option(names = "--type", paramLabel = "TYPE", description = "only events of this type (repeatable)")
    List<String> types = List.of();

    @Option(names = "--prefix", defaultValue = "", description = "only events of streams whose ids start with this")
    String prefix;

    @Option(names = "--from", paramLabel = "POSITION", converter = Converters.PositionConverter.class,
            description = "start after this log position (default: the start of the log)")
    LogPosition from;

    @Option(names = "--limit", description = "stop after this many events (default 100; no limit with --follow)")
    Long limit;

    @Option(names = "--follow", description = "keep reading new events until interrupted (Ctrl-C)")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        EventFilter filter = new EventFilter(new HashSet<>(types), prefix);
        long max = limit != null ? limit : follow ? Long.MAX_VALUE : 100;
        LogPosition after = from == null ? LogPosition.START : from;
        Semaphore appended = new Semaphore(0);
        try (Target target = store.open()) {
            Optional<Registration> wakeUps = follow ? target.store().onAppend(appended::release) : Optional.empty();
            try {
                Table table = new Table("POSITION", "STREAM", "VERSION", "TYPE", "RECORDED", "EVENT ID");
                long printed = 0;
                boolean header = false;
                while (printed < max && !Thread.currentThread().isInterrupted()) {
                    appended.drainPermits(); // an append from now on ends the wait below at once
                    LogPage page = target.store().readAll(after, (int) Math.min(1000, max - printed), filter);
                    for (RecordedEvent e : page.events()) {
                        if (json()) {
                            out().println(Envelopes.toJson(e));
                        } else if (follow) {
                            if (!header) {
                                out().println("POSITION  STREAM  VERSION  TYPE  RECORDED  EVENT ID");
                                header = true;
                            }
                            out().println(e.logPosition() + "  " + e.streamId() + "  " + e.version() + "  " + e.type()
                                    + "  " + e.recordedAt() + "  " + e.eventId());
                        } else {
                            table.row(e.logPosition(), e.streamId(), e.version(), e.type(), e.recordedAt(), e.eventId());
                        }
                        printed++;
                    }
                    out().flush();
                    after = page.next();
                    if (page.isEmpty()) {
                        if (!follow) {
                            break;
                        }
                        appended.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS); // woken early by an append
                    }
                }
                if (!json() && !follow) {
                    if (table.isEmpty()) {
                        out().println("no events after position " + (from == null ? "0" : from));
                    } else {
                        table.print(out());
                        out().println("next: --from " + after);
                    }
                }
                out().flush();
                return ExitCodes.OK;
            } finally {
                wakeUps.ifPresent(Registration::close);
            }
        }
    }
}
