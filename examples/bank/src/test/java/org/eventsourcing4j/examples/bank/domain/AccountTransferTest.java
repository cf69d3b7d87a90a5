package org.eventsourcing4j.examples.bank.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Account#transferTo}: both halves or nothing, on two loaded accounts. */
class AccountTransferTest {
    private static final Currency USD = Currency.getInstance("USD");

    private static Account account(String id, String currency, String balance, boolean closed) {
        Account account = new Account(id);
        account.loadFromHistory(List.of(new AccountCreated(id + "@example.com", id, Currency.getInstance(currency))));
        if (new BigDecimal(balance).signum() > 0) {
            account.deposit(new BigDecimal(balance), currency);
            account.markCommitted();
        }
        if (closed) {
            account.close("gone");
            account.markCommitted();
        }
        return account;
    }

    @Test
    void a_transfer_raises_one_event_on_each_account_and_moves_the_money() {
        Account ann = account("ann", "USD", "50.00", false);
        Account bob = account("bob", "USD", "0", false);

        ann.transferTo(bob, "t-1", new BigDecimal("20"));

        assertThat(ann.uncommittedEvents()).containsExactly(new TransferSent("t-1", "bob", new BigDecimal("20.00"), USD));
        assertThat(bob.uncommittedEvents())
                .containsExactly(new TransferReceived("t-1", "ann", new BigDecimal("20.00"), USD));
        assertThat(ann.balance()).isEqualByComparingTo("30.00");
        assertThat(bob.balance()).isEqualByComparingTo("20.00");
    }

    @Test
    void a_refused_transfer_raises_nothing_on_either_account() {
        Account ann = account("ann", "USD", "50.00", false);
        Account bob = account("bob", "USD", "0", false);
        Account eve = account("eve", "EUR", "10.00", false);
        Account cy = account("cy", "USD", "0", true);

        assertRule(() -> ann.transferTo(bob, "t", new BigDecimal("50.01")), AccountRule.INSUFFICIENT_FUNDS);
        assertRule(() -> ann.transferTo(eve, "t", new BigDecimal("1")), AccountRule.CURRENCIES_DIFFER);
        assertRule(() -> ann.transferTo(cy, "t", new BigDecimal("1")), AccountRule.NOT_ACTIVE);
        assertRule(() -> cy.transferTo(ann, "t", new BigDecimal("1")), AccountRule.NOT_ACTIVE);
        assertRule(() -> ann.transferTo(ann, "t", new BigDecimal("1")), AccountRule.SAME_ACCOUNT);
        assertRule(() -> ann.transferTo(bob, "t", new BigDecimal("0")), AccountRule.AMOUNT_NOT_POSITIVE);
        assertRule(() -> ann.transferTo(bob, "t", new BigDecimal("0.001")), AccountRule.TOO_MANY_DECIMALS);
        for (Account account : List.of(ann, bob, eve, cy)) {
            assertThat(account.uncommittedEvents()).as(account.id()).isEmpty();
        }
        assertThat(ann.balance()).isEqualByComparingTo("50.00");
    }

    private static void assertRule(Runnable transfer, AccountRule rule) {
        assertThatThrownBy(transfer::run).isInstanceOf(AccountException.class)
                .satisfies(e -> assertThat(((AccountException) e).rule()).isEqualTo(rule));
    }
}
