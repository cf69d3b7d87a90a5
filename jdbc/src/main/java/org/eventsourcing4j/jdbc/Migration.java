package org.eventsourcing4j.jdbc;

import java.util.List;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * One numbered step of a table's schema: statements applied once, in a transaction, and
 * recorded by {@link SchemaMigrations}. Steps of a component are numbered 1, 2, 3, ….
 */
public record Migration(int version, String description, List<String> statements) {
    public Migration {
        if (version < 1) {
            throw new InvalidArgumentException("migration version", "must be at least 1, got " + version);
        }
        if (description == null || description.isBlank()) {
            throw new InvalidArgumentException("migration description", "must not be blank");
        }
        if (statements == null || statements.isEmpty()) {
            throw new InvalidArgumentException("migration statements", "must not be empty");
        }
        statements = List.copyOf(statements);
    }

    public static Migration of(int version, String description, String... statements) {
        return new Migration(version, description, List.of(statements));
    }
}
