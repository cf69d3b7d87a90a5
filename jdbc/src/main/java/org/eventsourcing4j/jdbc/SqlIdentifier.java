package org.eventsourcing4j.jdbc;

import java.util.regex.Pattern;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * Table names that come from configuration: plain lower-case identifiers, optionally
 * schema-qualified, so nothing from configuration can inject SQL.
 */
public final class SqlIdentifier {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    private SqlIdentifier() {
    }

    public static String table(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("table name", "'" + name
                    + "' must match " + NAME.pattern() + " (lower-case letters, digits, underscores; optional schema.)");
        }
        return name;
    }
}
