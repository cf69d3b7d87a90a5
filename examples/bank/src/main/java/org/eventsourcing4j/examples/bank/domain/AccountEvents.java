package org.eventsourcing4j.examples.bank.domain;

import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.Upcaster;
import org.eventsourcing4j.shredding.PersonalDataSchema;
import org.eventsourcing4j.shredding.SubjectOf;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored names and schema revisions of the account events.
 *
 * <p>Revision 1 is the format of the system this one replaces: it knew one currency, so its
 * events had no {@code currency} field. Revision 2 has it; the upcasters fill in USD when
 * old events are read. Stored events are never rewritten.
 */
public final class AccountEvents {

    /** Every revision-1 event was in US dollars. */
    static final String LEGACY_CURRENCY = "USD";

    private AccountEvents() {
    }

    /** A registry with the account events only. */
    public static EventTypeRegistry registry() {
        return register(EventTypeRegistry.builder()).build();
    }

    /** Adds the account events to {@code builder}, for a registry shared with other aggregates. */
    public static EventTypeRegistry.Builder register(EventTypeRegistry.Builder builder) {
        return builder
                .register(AccountCreated.class, "AccountCreated", 2)
                .register(MoneyDeposited.class, "MoneyDeposited", 2)
                .register(MoneyWithdrawn.class, "MoneyWithdrawn", 2)
                .register(AccountClosed.class, "AccountClosed")
                .register(TransferSent.class, "TransferSent")
                .register(TransferReceived.class, "TransferReceived")
                .upcaster(Upcaster.nextRevision("AccountCreated", 1, AccountEvents::addLegacyCurrency))
                .upcaster(Upcaster.nextRevision("MoneyDeposited", 1, AccountEvents::addLegacyCurrency))
                .upcaster(Upcaster.nextRevision("MoneyWithdrawn", 1, AccountEvents::addLegacyCurrency));
    }

    /** Revision 1 had no currency; everything was in {@link #LEGACY_CURRENCY}. */
    static ObjectNode addLegacyCurrency(ObjectNode revision1) {
        return revision1.put("currency", LEGACY_CURRENCY);
    }

    /**
     * The account events' personal data: the owner's email and name in {@link AccountCreated},
     * whose subject is the account's stream (one owner per account). Encrypted in every
     * revision (revision 1 had the same fields).
     */
    public static PersonalDataSchema personalData(EventTypeRegistry registry) {
        return PersonalDataSchema.builder(registry)
                .personalData(AccountCreated.class, SubjectOf.streamId(), "email", "name")
                .build();
    }
}
