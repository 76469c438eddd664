package cn.binjiang.union.clickhouse;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Replaces system tables in a statement by what a ClickHouse server would show this user: system.processes with
 * client query ids and users (only the user's own queries unless the user has full access), and, for a user
 * limited to some databases, the catalogue tables filtered to those databases.
 */
final class SystemTableViews {
    /** Catalogue tables and the column that names the database a row belongs to. */
    private static final Map<String, String> BY_DATABASE = Map.ofEntries(Map.entry("databases", "name"),
            Map.entry("tables", "database"), Map.entry("columns", "database"), Map.entry("parts", "database"),
            Map.entry("parts_columns", "database"), Map.entry("detached_parts", "database"),
            Map.entry("projection_parts", "database"), Map.entry("mutations", "database"), Map.entry("merges", "database"),
            Map.entry("dictionaries", "database"), Map.entry("data_skipping_indices", "database"),
            Map.entry("part_log", "database"), Map.entry("moves", "database"));

    private final ProcessList processes;

    SystemTableViews(ProcessList processes) {
        this.processes = processes;
    }

    String rewrite(SqlStatement statement, UserDirectory.User user) {
        if (statement.kind().equals("SHOW") && statement.sql().strip().matches("(?is)SHOW\\s+(FULL\\s+)?PROCESSLIST\\s*;?")) {
            return "SELECT * FROM " + processes.view(user.name(), user.fullAccess());
        }
        List<SqlStatement.QualifiedName> replaced = statement.qualifiedNames().stream()
                .filter(n -> n.database().equals("system")
                        && (n.table().equals("processes") || !user.databases().isEmpty() && BY_DATABASE.containsKey(n.table())))
                .toList();
        if (replaced.isEmpty()) {
            return statement.sql();
        }
        return statement.replacing(replaced, n -> n.table().equals("processes") ? processes.view(user.name(), user.fullAccess())
                : "(SELECT * FROM system." + n.table() + " WHERE " + BY_DATABASE.get(n.table()) + " IN " + visibleDatabases(user) + ")");
    }

    private static String visibleDatabases(UserDirectory.User user) {
        return Stream.concat(user.databases().stream(), AccessPolicy.PUBLIC_DATABASES.stream()).map(Sql::quote)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
