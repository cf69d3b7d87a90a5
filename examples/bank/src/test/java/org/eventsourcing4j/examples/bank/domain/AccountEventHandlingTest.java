package org.eventsourcing4j.examples.bank.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.examples.bank.domain.AccountTest.USD;
import static org.eventsourcing4j.examples.bank.domain.AccountTest.amount;

import java.util.List;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.UnregisteredEventClassException;
import org.eventsourcing4j.testkit.EventHandlingCheck;
import org.junit.jupiter.api.Test;

class AccountEventHandlingTest {

    @Test
    void the_apply_step_handles_every_account_event() {
        EventHandlingCheck.assertHandlesEveryEventType(Account.TYPE, List.of(
                new AccountCreated("ann@example.com", "Ann", USD),
                new MoneyDeposited(amount("1.00"), USD),
                new MoneyWithdrawn(amount("1.00"), USD),
                new TransferSent("t-1", "bob", amount("1.00"), USD),
                new TransferReceived("t-2", "bob", amount("1.00"), USD),
                new AccountClosed("done")));
    }

    @Test
    void the_check_fails_when_an_event_type_has_no_sample() {
        assertThatThrownBy(() -> EventHandlingCheck.assertHandlesEveryEventType(Account.TYPE, List.of(
                new AccountCreated("ann@example.com", "Ann", USD), new AccountClosed("done"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no sample of MoneyDeposited")
                .hasMessageContaining("no sample of MoneyWithdrawn");
    }

    @Test
    void every_account_event_class_is_registered() {
        EventTypeRegistry registry = AccountEvents.registry();

        assertThat(registry.typeNamesOf(AccountEvent.class))
                .containsExactly("AccountCreated", "MoneyDeposited", "MoneyWithdrawn", "AccountClosed", "TransferSent",
                        "TransferReceived");
        for (Class<?> type : AccountEvent.class.getPermittedSubclasses()) {
            assertThat(registry.typeOf(type).eventClass()).isEqualTo(type);
        }
        assertThatThrownBy(() -> EventTypeRegistry.builder().register(AccountClosed.class, "AccountClosed").build()
                .typeOf(MoneyDeposited.class)).isInstanceOf(UnregisteredEventClassException.class);
    }
}
