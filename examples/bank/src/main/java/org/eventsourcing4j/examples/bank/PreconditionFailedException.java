package org.eventsourcing4j.examples.bank;

/** A command named the version it expects the account at ({@code If-Match}), and the account is at another. */
public final class PreconditionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long currentVersion;

    PreconditionFailedException(String accountId, VersionPrecondition expected, long currentVersion) {
        super("account '" + accountId + "' is at version " + currentVersion + ", not " + expected
                + "; nothing was changed");
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
