package org.eventsourcing4j.aggregate;

import java.util.Set;
import java.util.stream.Collectors;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * The versions a caller accepts its aggregate at when it sends a command: any, or one of a
 * set (an HTTP {@code If-Match: "3"} or {@code "3", "4"}). A command whose aggregate is at
 * another version fails with {@link PreconditionFailedException}.
 *
 * @param versions the accepted versions; empty means any
 */
public record VersionPrecondition(Set<Long> versions) {

    private static final VersionPrecondition ANY = new VersionPrecondition(Set.of());

    public VersionPrecondition {
        if (versions == null) {
            throw new InvalidArgumentException("versions", "must not be null");
        }
        versions = Set.copyOf(versions);
        for (long version : versions) {
            if (version < 0) {
                throw new InvalidArgumentException("versions", "must not be negative, got " + version);
            }
        }
    }

    /** No precondition. */
    public static VersionPrecondition any() {
        return ANY;
    }

    /** Exactly {@code version}. */
    public static VersionPrecondition exactly(long version) {
        return new VersionPrecondition(Set.of(version));
    }

    /** One of {@code versions}, which must not be empty. */
    public static VersionPrecondition oneOf(Set<Long> versions) {
        if (versions == null || versions.isEmpty()) {
            throw new InvalidArgumentException("versions", "name at least one version");
        }
        return new VersionPrecondition(versions);
    }

    public boolean isAny() {
        return versions.isEmpty();
    }

    public boolean accepts(long version) {
        return isAny() || versions.contains(version);
    }

    @Override
    public String toString() {
        return isAny() ? "any version" : versions.stream().sorted().map(String::valueOf)
                .collect(Collectors.joining(" or ", "version ", ""));
    }
}
