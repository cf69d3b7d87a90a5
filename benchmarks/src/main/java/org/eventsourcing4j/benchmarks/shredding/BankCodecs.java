package org.eventsourcing4j.benchmarks.shredding;

import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.shredding.AesKeyEncryptionKey;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.shredding.DataKeys;
import org.eventsourcing4j.shredding.ShreddingEventCodec;

/** The two sides of the shredding benchmarks: the bank's codec with and without crypto-shredding. */
final class BankCodecs {
    private BankCodecs() {
    }

    /**
     * @param codec {@code plain} or {@code shredding}
     * @param keys  where the shredding side keeps its data keys (under a new random key-encryption key)
     */
    static EventCodec of(String codec, DataKeyStore keys) {
        EventTypeRegistry registry = AccountEvents.registry();
        JacksonEventCodec plain = new JacksonEventCodec(registry);
        return switch (codec) {
            case "plain" -> plain;
            case "shredding" -> new ShreddingEventCodec(plain, AccountEvents.personalData(registry),
                    new DataKeys(keys, AesKeyEncryptionKey.generate()));
            default -> throw new IllegalArgumentException("unknown codec " + codec);
        };
    }
}
