package org.eventsourcing4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.eventsourcing4j.cli.internal.Context;
import org.eventsourcing4j.cli.internal.Errors;
import org.eventsourcing4j.cli.internal.Es4jCommand;
import org.eventsourcing4j.cli.internal.EnvironmentDefaults;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@code es4j} command line: {@code java -jar es4j.jar --help}. Every command and its
 * exit codes ({@link ExitCodes}) are in {@code docs/cli.md}.
 */
public final class Es4j {
    private Es4j() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // The library logs what goes wrong as it retries; the CLI says it in one line instead.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
        Context context = new Context(out, err, System.in, System.out, System.getenv(), Clock.systemUTC(),
                System.console() != null);
        int code = run(args, context);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line in {@code context}; returns its exit code. Never throws, never exits. */
    public static int run(String[] args, Context context) {
        CommandLine commandLine = new CommandLine(new Es4jCommand(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(context.environment()));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            context.err().println(command + ": " + e.getMessage() + " (see " + command + " --help)");
            context.err().flush();
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            context.err().println("es4j " + line.getCommandName() + ": " + Errors.oneLine(e));
            if (verbose(parsed)) {
                e.printStackTrace(context.err());
            } else if (Errors.exitCode(e) == ExitCodes.FAILED) {
                context.err().println("(run it again with --verbose for the stack trace)");
            }
            context.err().flush();
            return Errors.exitCode(e);
        });
        int code = commandLine.execute(args);
        context.out().flush();
        return code;
    }

    private static boolean verbose(ParseResult parsed) {
        ParseResult deepest = parsed;
        while (deepest.hasSubcommand()) {
            deepest = deepest.subcommand();
        }
        return deepest.hasMatchedOption("--verbose");
    }
}
