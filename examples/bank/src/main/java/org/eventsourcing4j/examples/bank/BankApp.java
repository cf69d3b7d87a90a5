package org.eventsourcing4j.examples.bank;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar bank.jar}: starts the bank service and runs until the process is told
 * to stop (SIGTERM, SIGINT): then Spring's shutdown hook lets requests in flight finish,
 * stops the projection at a committed checkpoint and closes the store.
 */
public final class BankApp {
    /** Exit status for a command line that cannot be run. */
    static final int USAGE_ERROR = 2;
    /** Exit status when the service cannot start (port taken, database unreachable, ...). */
    static final int START_FAILED = 1;

    private BankApp() {
    }

    public static void main(String[] args) {
        BankOptions.Parsed parsed;
        try {
            parsed = BankOptions.parse(List.of(args), BankConfig.defaults());
        } catch (BankOptions.InvalidOptionsException e) {
            System.err.println("bank: " + e.getMessage());
            System.err.print(BankOptions.USAGE);
            System.exit(USAGE_ERROR);
            return;
        }
        if (parsed.help()) {
            System.out.print(BankOptions.USAGE);
            return;
        }
        Logger log = LoggerFactory.getLogger(BankApp.class);
        try {
            BankService.start(parsed.config(), parsed.springArguments(), true);
        } catch (RuntimeException e) {
            log.error("the bank service could not start: {}", e.getMessage(), e);
            System.exit(START_FAILED);
        }
    }
}
