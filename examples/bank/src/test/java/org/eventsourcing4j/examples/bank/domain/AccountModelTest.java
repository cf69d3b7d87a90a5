package org.eventsourcing4j.examples.bank.domain;

import org.eventsourcing4j.aggregate.RepositoryOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/**
 * Random command sequences (seeded, so a failure can be replayed) against the real account,
 * saved and reloaded through the repository, compared after every step with a model that
 * counts money in whole minor units (cents) and knows the rules only as a few ifs.
 */
class AccountModelTest {

    private static final long BASE_SEED = 20_260_301L;
    private static final int SEQUENCES = 200;
    private static final int COMMANDS = 40;
    private static final String[] CURRENCIES = {"USD", "EUR", "JPY", "BHD"};

    /** The model: status, currency and balance in minor units; nothing else. */
    private static final class Model {
        AccountStatus status = AccountStatus.NOT_OPENED;
        String currency;
        int digits;
        long balance;
        int version;

        BigDecimal balanceAmount() {
            return status == AccountStatus.NOT_OPENED ? BigDecimal.ZERO : BigDecimal.valueOf(balance, digits);
        }
    }

    /** A random amount and what the model knows about it by construction. */
    private record Amount(BigDecimal value, long minorUnits, boolean tooManyDecimals) {
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final AggregateRepository<Account, AccountEvent> accounts = new AggregateRepository<>(store, new JacksonEventCodec(AccountEvents.registry()), Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.noRetry()));

    @Test
    void random_command_sequences_match_the_model() {
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            runSequence(BASE_SEED + sequence);
        }
    }

    private void runSequence(long seed) {
        Random random = new Random(seed);
        String id = "model-" + seed;
        Model model = new Model();
        List<BigDecimal> balanceAtVersion = new ArrayList<>(List.of(BigDecimal.ZERO));
        for (int step = 0; step < COMMANDS; step++) {
            String context = "seed " + seed + ", step " + step;
            int before = model.version;
            runOne(random, id, model, context);
            if (model.version > before) {
                balanceAtVersion.add(model.balanceAmount());
            }
            Optional<Account> stored = accounts.find(id);
            assertThat(stored.map(Account::version).orElse(0L)).as(context).isEqualTo((long) model.version);
            stored.ifPresent(account -> {
                assertThat(account.status()).as(context).isEqualTo(model.status);
                assertThat(account.balance()).as(context).isEqualTo(model.balanceAmount());
            });
        }
        for (int version = 1; version <= model.version; version++) {
            assertThat(accounts.loadAt(id, version).balance()).as("seed " + seed + " at version " + version)
                    .isEqualTo(balanceAtVersion.get(version));
        }
    }

    private void runOne(Random random, String id, Model model, String context) {
        int choice = random.nextInt(10);
        if (model.status == AccountStatus.NOT_OPENED || choice == 0) {
            String currency = random.nextInt(10) == 0 ? "ZZZ" : CURRENCIES[random.nextInt(CURRENCIES.length)];
            AccountRule expected = model.status != AccountStatus.NOT_OPENED ? AccountRule.ALREADY_OPEN
                    : currency.equals("ZZZ") ? AccountRule.INVALID_CURRENCY : null;
            boolean isNew = model.status == AccountStatus.NOT_OPENED;
            execute(id, isNew, account -> account.open("owner@example.com", "Owner", currency), expected, context);
            if (expected == null) {
                model.status = AccountStatus.ACTIVE;
                model.currency = currency;
                model.digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
                model.version++;
            }
        } else if (choice <= 5) {
            Amount amount = randomAmount(random, model.digits);
            String currency = randomCurrency(random, model);
            AccountRule expected = moneyRule(model, amount, currency);
            execute(id, false, account -> account.deposit(amount.value(), currency), expected, context);
            if (expected == null) {
                model.balance += amount.minorUnits();
                model.version++;
            }
        } else if (choice <= 8) {
            Amount amount = randomAmount(random, model.digits);
            String currency = randomCurrency(random, model);
            AccountRule expected = moneyRule(model, amount, currency);
            if (expected == null && amount.minorUnits() > model.balance) {
                expected = AccountRule.INSUFFICIENT_FUNDS;
            }
            execute(id, false, account -> account.withdraw(amount.value(), currency), expected, context);
            if (expected == null) {
                model.balance -= amount.minorUnits();
                model.version++;
            }
        } else {
            AccountRule expected = model.status != AccountStatus.ACTIVE ? AccountRule.NOT_ACTIVE
                    : model.balance != 0 ? AccountRule.BALANCE_NOT_ZERO : null;
            execute(id, false, account -> account.close("done"), expected, context);
            if (expected == null) {
                model.status = AccountStatus.CLOSED;
                model.version++;
            }
        }
    }

    private static AccountRule moneyRule(Model model, Amount amount, String currency) {
        if (model.status != AccountStatus.ACTIVE) {
            return AccountRule.NOT_ACTIVE;
        }
        if (currency.equals("ZZZ")) {
            return AccountRule.INVALID_CURRENCY;
        }
        if (!currency.equals(model.currency)) {
            return AccountRule.CURRENCY_MISMATCH;
        }
        if (amount.minorUnits() <= 0) {
            return AccountRule.AMOUNT_NOT_POSITIVE;
        }
        return amount.tooManyDecimals() ? AccountRule.TOO_MANY_DECIMALS : null;
    }

    /** Mostly valid amounts up to 50.00 in major units; some zero, negative, or with one decimal too many. */
    private static Amount randomAmount(Random random, int digits) {
        long minor = random.nextInt(5_000 * (int) Math.pow(10, digits)) + 1;
        int kind = random.nextInt(12);
        if (kind == 0) {
            return new Amount(BigDecimal.ZERO.setScale(digits), 0, false);
        }
        if (kind == 1) {
            return new Amount(BigDecimal.valueOf(-minor, digits), -minor, false);
        }
        if (kind == 2) {
            // one more decimal, not zero: e.g. 12.345 for USD
            return new Amount(BigDecimal.valueOf(minor * 10 + 1 + random.nextInt(9), digits + 1), minor, true);
        }
        if (kind == 3) {
            // trailing zeros beyond the scale are fine: 12.340 is 12.34
            return new Amount(BigDecimal.valueOf(minor * 10, digits + 1), minor, false);
        }
        return new Amount(BigDecimal.valueOf(minor, digits), minor, false);
    }

    private static String randomCurrency(Random random, Model model) {
        int kind = random.nextInt(15);
        if (kind == 0) {
            return "ZZZ";
        }
        if (kind == 1) {
            return CURRENCIES[random.nextInt(CURRENCIES.length)];
        }
        return model.currency == null ? "USD" : model.currency;
    }

    private void execute(String id, boolean isNew, Consumer<Account> command, AccountRule expected, String context) {
        Account account = isNew ? new Account(id) : accounts.find(id).orElseGet(() -> new Account(id));
        AccountRule actual = null;
        try {
            command.accept(account);
        } catch (AccountException e) {
            actual = e.rule();
        }
        assertThat(actual).as(context).isEqualTo(expected);
        assertThat(account.uncommittedEvents()).as(context).hasSize(expected == null ? 1 : 0);
        accounts.save(account);
    }
}
