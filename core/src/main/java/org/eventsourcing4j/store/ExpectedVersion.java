package org.eventsourcing4j.store;

/**
 * What an append expects of the stream's current version. A conflict throws
 * {@link ConcurrencyConflictException}.
 */
public sealed interface ExpectedVersion {

    /** Append whatever the stream's version is. */
    static ExpectedVersion any() {
        return Any.INSTANCE;
    }

    /** The stream must have no events yet (creation). */
    static ExpectedVersion noStream() {
        return NoStream.INSTANCE;
    }

    /** The stream must already have at least one event. */
    static ExpectedVersion streamExists() {
        return StreamExists.INSTANCE;
    }

    /**
     * The stream's current version must be exactly {@code version}. Version 0 means the
     * stream has no events, so {@code exactly(0)} is {@link #noStream()}.
     *
     * @throws InvalidArgumentException when {@code version} is negative
     */
    static ExpectedVersion exactly(long version) {
        return version == 0 ? NoStream.INSTANCE : new Exactly(version);
    }

    /** Whether a stream at {@code currentVersion} satisfies this expectation. */
    boolean isSatisfiedBy(long currentVersion);

    enum Any implements ExpectedVersion {
        INSTANCE;

        @Override
        public boolean isSatisfiedBy(long currentVersion) {
            return true;
        }

        @Override
        public String toString() {
            return "any version";
        }
    }

    enum NoStream implements ExpectedVersion {
        INSTANCE;

        @Override
        public boolean isSatisfiedBy(long currentVersion) {
            return currentVersion == 0;
        }

        @Override
        public String toString() {
            return "no stream";
        }
    }

    enum StreamExists implements ExpectedVersion {
        INSTANCE;

        @Override
        public boolean isSatisfiedBy(long currentVersion) {
            return currentVersion > 0;
        }

        @Override
        public String toString() {
            return "an existing stream";
        }
    }

    /** The stream's version must be exactly {@code version} (at least 1). */
    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < 1) {
                throw new InvalidArgumentException("expected version",
                        "must be at least 1 (use noStream() for 0), got " + version);
            }
        }

        @Override
        public boolean isSatisfiedBy(long currentVersion) {
            return currentVersion == version;
        }

        @Override
        public String toString() {
            return "version " + version;
        }
    }
}
