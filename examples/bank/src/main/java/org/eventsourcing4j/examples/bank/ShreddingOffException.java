package org.eventsourcing4j.examples.bank;

/**
 * Personal data cannot be erased: the service runs with crypto-shredding off
 * ({@code --shredding off}), so owners' email and name are stored in the clear and there is no
 * key to destroy. Nothing was changed.
 */
public final class ShreddingOffException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShreddingOffException(String accountId) {
        super("this service runs with crypto-shredding off (--shredding off): the email and name of account '"
                + accountId + "' are stored in the clear and cannot be erased by destroying a key; nothing was changed");
    }
}
