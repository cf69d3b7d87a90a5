package org.eventsourcing4j.examples.bank.http;

import java.util.Locale;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.aggregate.IdempotencyConflictException;
import org.eventsourcing4j.aggregate.PreconditionFailedException;
import org.eventsourcing4j.examples.bank.ShreddingOffException;
import org.eventsourcing4j.examples.bank.domain.AccountException;
import org.eventsourcing4j.examples.bank.domain.AccountRule;
import org.eventsourcing4j.examples.bank.domain.AccountStateException;
import org.eventsourcing4j.examples.bank.domain.InsufficientFundsException;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamArchivedException;
import org.eventsourcing4j.store.StoreUnavailableException;

/** Turns what a handler threw into the problem the client gets. Unexpected errors become a bare 500. */
final class Problems {
    /** How much of what a client sent an error detail repeats at most. */
    static final int MAX_ECHO = 40;

    private Problems() {
    }

    /** {@code text} cut to {@link #MAX_ECHO} characters: a detail never grows with the input. */
    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO - 3) + "...";
    }

    /** The problem for {@code error}, or null when it is unexpected (a 500, logged by the caller). */
    static Problem of(Throwable error) {
        if (error instanceof Problem problem) {
            return problem;
        }
        if (error instanceof AccountException rejected) {
            return rejected(rejected);
        }
        if (error instanceof PreconditionFailedException mismatch) {
            return new Problem(412, "version-mismatch", "The account is not at the version named in If-Match",
                    mismatch.getMessage()).with("currentVersion", mismatch.actualVersion());
        }
        if (error instanceof IdempotencyConflictException reused) {
            return new Problem(422, "idempotency-key-reused", "The Idempotency-Key was used for another request",
                    reused.getMessage()).with("header", "Idempotency-Key");
        }
        if (error instanceof AggregateNotFoundException notFound) {
            return Problem.notFound(notFound.getMessage()).with("accountId", notFound.aggregateId());
        }
        if (error instanceof ConcurrencyConflictException conflict) {
            return new Problem(409, "concurrency-conflict", "Too many concurrent changes to the account",
                    "the account kept changing while this command ran; nothing was changed, try again")
                    .withHeader("Retry-After", "1");
        }
        if (error instanceof StoreUnavailableException unavailable) {
            return new Problem(503, "unavailable", "The store is unavailable",
                    "the event store could not be reached; nothing was changed, try again").withHeader("Retry-After", "1");
        }
        if (error instanceof StreamArchivedException) {
            return new Problem(409, "account-archived", "The account is archived",
                    "the account is archived: it can be read, not changed");
        }
        if (error instanceof ShreddingOffException off) {
            return new Problem(409, "shredding-off", "Personal data is not encrypted, so it cannot be erased",
                    off.getMessage());
        }
        if (error instanceof InvalidArgumentException invalid) {
            String message = invalid.getMessage();
            return Problem.malformed(message.length() <= 200 ? message : message.substring(0, 197) + "...");
        }
        return null;
    }

    /**
     * {@code bad} (a 400 about a body field or an account rule on the input) as a transfer answers it:
     * 422 {@code /problems/invalid-transfer} with the same detail and members ({@code field}, {@code rule}).
     */
    static Problem invalidTransfer(Problem bad) {
        Problem invalid = new Problem(422, "invalid-transfer", "The transfer request is invalid", bad.detail());
        bad.extensions().forEach(invalid::with);
        return invalid;
    }

    private static Problem rejected(AccountException e) {
        AccountRule rule = e.rule();
        Problem problem;
        if (e instanceof InsufficientFundsException) {
            problem = new Problem(409, "insufficient-funds", "Insufficient funds", e.getMessage());
        } else if (e instanceof AccountStateException) {
            problem = switch (rule) {
                case CURRENCY_MISMATCH -> new Problem(400, "currency-mismatch", "The currency is not the account's",
                        e.getMessage()).with("field", "currency");
                case NOT_ACTIVE -> new Problem(409, "account-not-active", "The account is not active", e.getMessage());
                case CURRENCIES_DIFFER -> new Problem(409, "currencies-differ",
                        "A transfer needs accounts of one currency", e.getMessage());
                case BALANCE_NOT_ZERO -> new Problem(409, "balance-not-zero",
                        "An account can only be closed at a zero balance", e.getMessage());
                default -> new Problem(409, "account-state", "The account's state does not allow this", e.getMessage());
            };
        } else {
            problem = new Problem(400, "invalid-request", "The request breaks an account rule", e.getMessage());
            String field = fieldOf(rule);
            if (field != null) {
                problem.with("field", field);
            }
        }
        return problem.with("rule", rule.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static String fieldOf(AccountRule rule) {
        return switch (rule) {
            case INVALID_EMAIL -> "email";
            case INVALID_NAME -> "name";
            case INVALID_CURRENCY, CURRENCY_MISMATCH -> "currency";
            case AMOUNT_NOT_POSITIVE, TOO_MANY_DECIMALS, AMOUNT_TOO_LARGE -> "amount";
            case INVALID_REASON -> "reason";
            case SAME_ACCOUNT -> "to";
            default -> null;
        };
    }
}
