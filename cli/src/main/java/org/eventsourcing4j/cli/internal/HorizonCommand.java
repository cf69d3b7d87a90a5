package org.eventsourcing4j.cli.internal;

import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.postgres.HorizonStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "horizon", description = "On PostgreSQL: whether global-log readers are held back by an open"
        + " transaction, and which backend holds it (pid, age, state, application, query).")
final class HorizonCommand extends Base {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (Target target = store.open()) {
            if (target.horizon().isEmpty()) {
                out().println(json() ? "{\"heldBack\":false,\"applies\":false}"
                        : "the global log of " + target.description() + " is never held back: positions are"
                                + " allocated in commit order");
                out().flush();
                return ExitCodes.OK;
            }
            HorizonStatus status = target.horizon().get().get();
            if (json()) {
                out().println(Json.write(ViewJson.horizon(status)));
            } else {
                out().println(status.heldBack() ? "HELD BACK: readers of the global log wait for a transaction"
                        : "not held back: readers see every committed event");
                out().println("horizon        transaction " + status.horizonTxId());
                status.oldestTransaction().ifPresentOrElse(t -> {
                    out().println("oldest open transaction");
                    out().println("  pid          " + t.pid() + (t.pid() == 0 ? " (a prepared transaction)" : ""));
                    out().println("  xid          " + t.xid());
                    out().println("  open for     " + t.age());
                    out().println("  state        " + t.state());
                    out().println("  application  " + t.applicationName());
                    out().println("  database     " + t.database() + ", user " + t.user());
                    out().println("  query        " + t.query());
                    if (status.heldBack() && t.pid() != 0) {
                        out().println("end it with: select pg_terminate_backend(" + t.pid() + ");");
                    }
                }, () -> out().println("no open transaction holds a transaction id"));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
