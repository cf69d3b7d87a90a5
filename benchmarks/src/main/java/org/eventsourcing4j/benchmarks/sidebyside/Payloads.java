package org.eventsourcing4j.benchmarks.sidebyside;

import org.eventsourcing4j.examples.bank.domain.AccountCreated;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.MoneyDeposited;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What both sides write, and how both decode what they read: the same JSON text, parsed by
 * one mapper with the event codec's settings into the same records. The main log and the
 * log of scenario E carry {@link Deposit}s (about 110 bytes of JSON); the projection log
 * carries the bank's own account events, at the revision its registry expects.
 */
final class Payloads {
    static final String DEPOSIT_TYPE = "MoneyDeposited";
    static final String ACCOUNT_CREATED = "AccountCreated";
    static final String MONEY_DEPOSITED = "MoneyDeposited";
    /** The revision of the bank's events in its registry (revision 1 would be upcast). */
    static final int BANK_REVISION = 2;

    private static final JsonMapper MAPPER = JacksonEventCodec.defaultMapperBuilder().build();

    /** The record scenarios A–G write and read. */
    record Deposit(long amount, String currency, String reference, String note) {
    }

    private Payloads() {
    }

    /** The payload of the {@code n}-th event of a stream (0-based). */
    static String deposit(long n) {
        return "{\"amount\":" + (1000 + n % 9000) + ",\"currency\":\"EUR\",\"reference\":\"invoice-" + n
                + "\",\"note\":\"a payload of a typical size for a domain event\"}";
    }

    static Deposit decodeDeposit(byte[] json) {
        return MAPPER.readValue(json, Deposit.class);
    }

    /** The type of the {@code index}-th event (0-based) of an account stream: opened first, then deposits. */
    static String accountEventType(int index) {
        return index == 0 ? ACCOUNT_CREATED : MONEY_DEPOSITED;
    }

    static String accountEvent(int account, int index) {
        return index == 0
                ? "{\"email\":\"owner-" + account + "@example.com\",\"name\":\"Owner " + account + "\",\"currency\":\"EUR\"}"
                : "{\"amount\":" + (1 + index % 500) + "." + (10 + index % 90) + ",\"currency\":\"EUR\"}";
    }

    static AccountEvent decodeAccountEvent(String type, byte[] json) {
        return switch (type) {
            case ACCOUNT_CREATED -> MAPPER.readValue(json, AccountCreated.class);
            case MONEY_DEPOSITED -> MAPPER.readValue(json, MoneyDeposited.class);
            default -> throw new IllegalStateException("no bank event type " + type);
        };
    }
}
