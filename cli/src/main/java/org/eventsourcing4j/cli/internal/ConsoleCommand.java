package org.eventsourcing4j.cli.internal;

import picocli.CommandLine.Command;

@Command(name = "console", description = "Serve the web console.")
final class ConsoleCommand extends Base {
    @Override
    public Integer call() {
        return 0;
    }
}
