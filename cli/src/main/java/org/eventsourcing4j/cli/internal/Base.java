package org.eventsourcing4j.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every command has: the context and the output options. */
abstract class Base implements Callable<Integer> {
    @ParentCommand
    Es4jCommand root;

    @Mixin
    OutputOptions output;

    Context context() {
        return root.context();
    }

    PrintWriter out() {
        return context().out();
    }

    boolean json() {
        return output.json();
    }
}
