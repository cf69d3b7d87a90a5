package org.eventsourcing4j.examples.bank;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The versions a command accepts the account at: any ({@code If-Match} absent or {@code *}),
 * or one of a set of versions ({@code If-Match: "3"} or {@code "3", "4"}).
 */
public record VersionPrecondition(Set<Long> versions) {

    private static final VersionPrecondition ANY = new VersionPrecondition(Set.of());

    public VersionPrecondition {
        versions = Set.copyOf(versions);
    }

    public static VersionPrecondition any() {
        return ANY;
    }

    public static VersionPrecondition oneOf(Set<Long> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("name at least one version");
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
