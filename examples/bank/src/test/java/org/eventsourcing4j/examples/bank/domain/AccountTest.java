package org.eventsourcing4j.examples.bank.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.testkit.AggregateFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every account rule as given / when / then. Every event also makes a round trip through the codec. */
class AccountTest {

    static final Currency USD = Currency.getInstance("USD");
    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency JPY = Currency.getInstance("JPY");
    static final AccountCreated CREATED = new AccountCreated("ann@example.com", "Ann Smith", USD);

    private final AggregateFixture<Account, AccountEvent> fixture = AggregateFixture.forAggregate(Account.TYPE)
            .roundTripThrough(new JacksonEventCodec(AccountEvents.registry()));
    private final AggregateFixture<Account, AccountEvent> anOpenAccount = fixture.given(CREATED);
    private final AggregateFixture<Account, AccountEvent> aClosedAccount =
            anOpenAccount.given(new AccountClosed("moved abroad"));

    static BigDecimal amount(String value) {
        return new BigDecimal(value);
    }

    private static AccountRule ruleOf(AccountException e) {
        return e.rule();
    }

    @Nested
    class Opening {
        @Test
        void opens_in_dollars_by_default() {
            fixture.when(account -> account.open("ann@example.com", "Ann Smith"))
                    .thenEvents(CREATED)
                    .thenState(account -> {
                        assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
                        assertThat(account.balance()).isEqualTo(amount("0.00"));
                    });
        }

        @Test
        void opens_in_the_currency_asked_for_and_trims_the_name() {
            fixture.when(account -> account.open("ann@example.com", "  Ann Smith ", "JPY"))
                    .thenEvents(new AccountCreated("ann@example.com", "Ann Smith", JPY))
                    .thenState(account -> assertThat(account.balance()).isEqualTo(amount("0")));
        }

        @Test
        void an_account_opens_only_once() {
            AccountStateException e = anOpenAccount.when(account -> account.open("bob@example.com", "Bob"))
                    .thenFails(AccountStateException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.ALREADY_OPEN);
            assertThat(e).hasMessage("account 'fixture-1' was already opened");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"ann", "ann@", "@example.com", "ann@example", "ann smith@example.com",
                "ann@exa mple.com", "ann@@example.com", ".ann@example.com", "ann..smith@example.com",
                "ann@-example.com", "ann@example.c", " ann@example.com", "ann@example.com\n", "änn@example.com"})
        void refuses_an_invalid_email(String email) {
            InvalidAccountRequestException e = fixture.when(account -> account.open(email, "Ann"))
                    .thenFails(InvalidAccountRequestException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.INVALID_EMAIL);
            assertThat(e).hasMessageStartingWith("invalid email");
        }

        @Test
        void refuses_an_email_that_is_too_long() {
            String email = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(10) + ".com";
            assertThat(email.length()).isGreaterThan(254);
            assertThat(ruleOf(fixture.when(account -> account.open(email, "Ann"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.INVALID_EMAIL);
            String longLocalPart = "a".repeat(65) + "@example.com";
            assertThat(ruleOf(fixture.when(account -> account.open(longLocalPart, "Ann"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.INVALID_EMAIL);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "Ann\u0000Smith", "Ann\nSmith", "\ud800Ann"})
        void refuses_an_invalid_name(String name) {
            InvalidAccountRequestException e = fixture.when(account -> account.open("ann@example.com", name))
                    .thenFails(InvalidAccountRequestException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.INVALID_NAME);
        }

        @Test
        void refuses_a_name_longer_than_100_characters() {
            fixture.when(account -> account.open("ann@example.com", "A".repeat(100))).thenEvents(
                    new AccountCreated("ann@example.com", "A".repeat(100), USD));
            InvalidAccountRequestException e = fixture.when(account -> account.open("ann@example.com", "A".repeat(101)))
                    .thenFails(InvalidAccountRequestException.class);
            assertThat(e).hasMessage("the name must be at most 100 characters long");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"usd", "US", "USDX", "ABC", "XAU", "XXX", " USD"})
        void refuses_an_invalid_currency_code(String code) {
            InvalidAccountRequestException e = fixture.when(account -> account.open("ann@example.com", "Ann", code))
                    .thenFails(InvalidAccountRequestException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.INVALID_CURRENCY);
            assertThat(e).hasMessageContaining("expected an ISO 4217 code");
        }
    }

    @Nested
    class Depositing {
        @Test
        void deposits_a_positive_amount_at_the_currency_scale() {
            anOpenAccount.when(account -> account.deposit(amount("10"), "USD"))
                    .thenEvents(new MoneyDeposited(amount("10.00"), USD))
                    .thenState(account -> assertThat(account.balance()).isEqualTo(amount("10.00")));
        }

        @Test
        void accepts_trailing_zeros_beyond_the_scale() {
            anOpenAccount.when(account -> account.deposit(amount("0.500"), "USD"))
                    .thenEvents(new MoneyDeposited(amount("0.50"), USD));
        }

        @Test
        void needs_an_active_account() {
            assertThat(ruleOf(aClosedAccount.when(account -> account.deposit(amount("1.00"), "USD"))
                    .thenFails(AccountStateException.class))).isEqualTo(AccountRule.NOT_ACTIVE);
            AccountStateException neverOpened = fixture.when(account -> account.deposit(amount("1.00"), "USD"))
                    .thenFails(AccountStateException.class);
            assertThat(neverOpened).hasMessage("cannot deposit to account 'fixture-1': it is not opened");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0.00", "-1.00", "-0.01"})
        void needs_a_positive_amount(String value) {
            assertThat(ruleOf(anOpenAccount.when(account -> account.deposit(amount(value), "USD"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.AMOUNT_NOT_POSITIVE);
        }

        @Test
        void needs_an_amount() {
            assertThat(ruleOf(anOpenAccount.when(account -> account.deposit(null, "USD"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.AMOUNT_NOT_POSITIVE);
        }

        @Test
        void refuses_more_decimals_than_the_currency_has() {
            InvalidAccountRequestException e = anOpenAccount.when(account -> account.deposit(amount("0.001"), "USD"))
                    .thenFails(InvalidAccountRequestException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.TOO_MANY_DECIMALS);
            assertThat(e).hasMessage("the amount 0.001 has more than 2 decimals, the most USD allows");

            AggregateFixture<Account, AccountEvent> yenAccount =
                    fixture.given(new AccountCreated("ann@example.com", "Ann", JPY));
            assertThat(ruleOf(yenAccount.when(account -> account.deposit(amount("1.5"), "JPY"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.TOO_MANY_DECIMALS);
            yenAccount.when(account -> account.deposit(amount("1500"), "JPY"))
                    .thenEvents(new MoneyDeposited(amount("1500"), JPY));
        }

        @Test
        void refuses_another_currency_instead_of_mixing_it_in() {
            AccountStateException e = anOpenAccount.when(account -> account.deposit(amount("5.00"), "EUR"))
                    .thenFails(AccountStateException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.CURRENCY_MISMATCH);
            assertThat(e).hasMessage("account 'fixture-1' holds USD; it does not take EUR");
        }

        @Test
        void refuses_an_invalid_currency_code() {
            assertThat(ruleOf(anOpenAccount.when(account -> account.deposit(amount("5.00"), "dollars"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.INVALID_CURRENCY);
        }

        @Test
        void refuses_absurdly_large_amounts() {
            assertThat(ruleOf(anOpenAccount.when(account -> account.deposit(amount("1E+15"), "USD"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.AMOUNT_TOO_LARGE);
            anOpenAccount.when(account -> account.deposit(amount("999999999999999.99"), "USD"))
                    .thenEvents(new MoneyDeposited(amount("999999999999999.99"), USD));
        }
    }

    @Nested
    class Withdrawing {
        private final AggregateFixture<Account, AccountEvent> withTenDollars =
                anOpenAccount.given(new MoneyDeposited(amount("10.00"), USD));

        @Test
        void withdraws_up_to_the_balance() {
            withTenDollars.when(account -> account.withdraw(amount("2.5"), "USD"))
                    .thenEvents(new MoneyWithdrawn(amount("2.50"), USD))
                    .thenState(account -> assertThat(account.balance()).isEqualTo(amount("7.50")));
            withTenDollars.when(account -> account.withdraw(amount("10"), "USD"))
                    .thenEvents(new MoneyWithdrawn(amount("10.00"), USD))
                    .thenState(account -> assertThat(account.balance()).isEqualTo(amount("0.00")));
        }

        @Test
        void refuses_more_than_the_balance() {
            InsufficientFundsException e = withTenDollars.when(account -> account.withdraw(amount("10.01"), "USD"))
                    .thenFails(InsufficientFundsException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.INSUFFICIENT_FUNDS);
            assertThat(e.balance()).isEqualTo(amount("10.00"));
            assertThat(e.requested()).isEqualTo(amount("10.01"));
            assertThat(e.currency()).isEqualTo(USD);
            assertThat(e).hasMessage("insufficient funds in account 'fixture-1': balance 10.00 USD, requested 10.01 USD");
        }

        @Test
        void needs_an_active_account() {
            assertThat(ruleOf(aClosedAccount.when(account -> account.withdraw(amount("1.00"), "USD"))
                    .thenFails(AccountStateException.class))).isEqualTo(AccountRule.NOT_ACTIVE);
        }

        @Test
        void needs_a_positive_amount_with_at_most_the_currency_decimals() {
            assertThat(ruleOf(withTenDollars.when(account -> account.withdraw(amount("-1"), "USD"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.AMOUNT_NOT_POSITIVE);
            assertThat(ruleOf(withTenDollars.when(account -> account.withdraw(amount("1.005"), "USD"))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.TOO_MANY_DECIMALS);
        }

        @Test
        void refuses_another_currency() {
            assertThat(ruleOf(withTenDollars.when(account -> account.withdraw(amount("1.00"), "EUR"))
                    .thenFails(AccountStateException.class))).isEqualTo(AccountRule.CURRENCY_MISMATCH);
        }
    }

    @Nested
    class Closing {
        @Test
        void closes_an_account_with_a_zero_balance_and_records_the_reason() {
            anOpenAccount.given(new MoneyDeposited(amount("3.00"), USD), new MoneyWithdrawn(amount("3.00"), USD))
                    .when(account -> account.close(" moved abroad "))
                    .thenEvents(new AccountClosed("moved abroad"))
                    .thenState(account -> {
                        assertThat(account.status()).isEqualTo(AccountStatus.CLOSED);
                        assertThat(account.closeReason()).contains("moved abroad");
                    });
        }

        @Test
        void refuses_while_money_is_left() {
            AccountStateException e = anOpenAccount.given(new MoneyDeposited(amount("0.01"), USD))
                    .when(account -> account.close("moved abroad"))
                    .thenFails(AccountStateException.class);
            assertThat(ruleOf(e)).isEqualTo(AccountRule.BALANCE_NOT_ZERO);
            assertThat(e).hasMessage("cannot close account 'fixture-1': its balance is 0.01 USD, not zero");
        }

        @Test
        void needs_an_active_account() {
            assertThat(ruleOf(aClosedAccount.when(account -> account.close("again"))
                    .thenFails(AccountStateException.class))).isEqualTo(AccountRule.NOT_ACTIVE);
            assertThat(ruleOf(fixture.when(account -> account.close("never opened"))
                    .thenFails(AccountStateException.class))).isEqualTo(AccountRule.NOT_ACTIVE);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  ", "line\nbreak"})
        void needs_a_reason(String reason) {
            assertThat(ruleOf(anOpenAccount.when(account -> account.close(reason))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.INVALID_REASON);
        }

        @Test
        void refuses_a_reason_longer_than_500_characters() {
            assertThat(ruleOf(anOpenAccount.when(account -> account.close("x".repeat(501)))
                    .thenFails(InvalidAccountRequestException.class))).isEqualTo(AccountRule.INVALID_REASON);
        }
    }
}
