package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.shredding.DataKeyRecord;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.shredding.InMemoryDataKeyStore;
import org.junit.jupiter.api.Test;

/** The crypto-shredding contract catches broken key stores, so its tests do not pass vacuously. */
class CryptoShreddingContractGuardTest {

    @Test
    void catches_a_key_store_whose_forget_keeps_the_key() {
        ContractGuardTest.Results results = ContractGuardTest.run(KeepsForgottenKeys.class);
        assertThat(results.failed).containsExactly("after_forget_nothing_stored_holds_the_personal_data()");
    }

    @Test
    void catches_a_key_store_where_the_last_first_write_wins() {
        ContractGuardTest.Results results = ContractGuardTest.run(OverwritesKeys.class);
        assertThat(results.failed).contains("concurrent_first_writes_of_a_subject_agree_on_one_key()");
    }

    @Test
    void catches_a_key_store_that_rotates_nothing() {
        ContractGuardTest.Results results = ContractGuardTest.run(RotatesNothing.class);
        assertThat(results.failed).containsExactly(
                "rotating_the_key_encryption_key_rewraps_data_keys_without_touching_events()");
    }

    static class Delegating implements DataKeyStore {
        final InMemoryDataKeyStore delegate = new InMemoryDataKeyStore();

        @Override
        public Optional<DataKeyRecord> find(String subject) {
            return delegate.find(subject);
        }

        @Override
        public DataKeyRecord insertIfAbsent(DataKeyRecord record) {
            return delegate.insertIfAbsent(record);
        }

        @Override
        public boolean forget(String subject, Instant at) {
            return delegate.forget(subject, at);
        }

        @Override
        public List<DataKeyRecord> livePage(String afterSubject, int limit) {
            return delegate.livePage(afterSubject, limit);
        }

        @Override
        public boolean replace(DataKeyRecord expected, DataKeyRecord replacement) {
            return delegate.replace(expected, replacement);
        }
    }

    static final class KeepsForgottenKeys extends InMemoryCryptoShreddingContractTest {
        @Override
        DataKeyStore newKeys() {
            return new Delegating() {
                @Override
                public boolean forget(String subject, Instant at) {
                    return delegate.find(subject).isPresent();
                }
            };
        }
    }

    static final class OverwritesKeys extends InMemoryCryptoShreddingContractTest {
        @Override
        DataKeyStore newKeys() {
            return new Delegating() {
                private final java.util.concurrent.ConcurrentHashMap<String, DataKeyRecord> rows =
                        new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                public Optional<DataKeyRecord> find(String subject) {
                    Optional<DataKeyRecord> found = Optional.ofNullable(rows.get(subject));
                    try {
                        Thread.sleep(20); // widens the window between looking and inserting
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return found;
                }

                @Override
                public DataKeyRecord insertIfAbsent(DataKeyRecord record) {
                    rows.put(record.subject(), record);
                    return record;
                }
            };
        }
    }

    static final class RotatesNothing extends InMemoryCryptoShreddingContractTest {
        @Override
        DataKeyStore newKeys() {
            return new Delegating() {
                @Override
                public boolean replace(DataKeyRecord expected, DataKeyRecord replacement) {
                    return true;
                }
            };
        }
    }
}
