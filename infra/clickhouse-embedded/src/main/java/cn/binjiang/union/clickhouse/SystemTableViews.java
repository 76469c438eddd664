package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.ast.StatementReads;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Replaces system tables in a statement by what a ClickHouse server would show this user: system.processes with
 * client query ids and users (only the user's own queries unless the user has full access), and, for a user
 * limited to some databases, the catalogue tables filtered to those databases.
 */
final class SystemTableViews {
    /** Catalogue tables and the column that names the database a row belongs to. */
    private static final Map<String, String> BY_DATABASE = Map.ofEntries(
            Map.entry("databases", "name"),
            Map.entry("tables", "database"),
            Map.entry("columns", "database"),
            Map.entry("parts", "database"),
            Map.entry("parts_columns", "database"),
            Map.entry("detached_parts", "database"),
            Map.entry("projection_parts", "database"),
            Map.entry("mutations", "database"),
            Map.entry("merges", "database"),
            Map.entry("dictionaries", "database"),
            Map.entry("data_skipping_indices", "database"),
            Map.entry("part_log", "database"),
            Map.entry("moves", "database"));

    private final ProcessList processes;

    SystemTableViews(ProcessList processes) {
        this.processes = processes;
    }

    /**
     * The statement with the system tables it names replaced by this user's view of them. Where the engine's parse
     * ({@code reads}, for users without full access) names more of those tables than the text's tokens show, the
     * text hides one (inside something the tokenizer misreads) and the statement is refused.
     */
    String rewrite(SqlStatement statement, Optional<StatementReads> reads, UserDirectory.User user) {
        if (statement.kind().equals("SHOW")
                && statement.sql().strip().matches("(?is)SHOW\\s+(FULL\\s+)?PROCESSLIST\\s*;?")) {
            return "SELECT * FROM " + processes.view(user.name(), user.fullAccess());
        }
        List<StatementNames.QualifiedName> replaced = statement.names().qualified().stream()
                .filter(n -> n.database().equals("system") && replacedFor(n.table(), user))
                .toList();
        long parsed = reads.map(r -> r.tables().stream()
                        .filter(t -> t.database().filter("system"::equals).isPresent() && replacedFor(t.table(), user))
                        .count())
                .orElse(0L);
        if (parsed > replaced.size()) {
            throw new ClickHouseException(
                    ClickHouseException.ACCESS_DENIED,
                    user.name() + ": the statement names system."
                            + "processes or a catalogue table in a way this server cannot rewrite for the user. (ACCESS_DENIED)");
        }
        if (replaced.isEmpty()) {
            return statement.sql();
        }
        return statement
                .names()
                .replacing(
                        replaced,
                        n -> n.table().equals("processes")
                                ? processes.view(user.name(), user.fullAccess())
                                : "(SELECT * FROM system." + n.table() + " WHERE " + BY_DATABASE.get(n.table()) + " IN "
                                        + visibleDatabases(user) + ")");
    }

    private static boolean replacedFor(String systemTable, UserDirectory.User user) {
        return systemTable.equals("processes") || !user.databases().isEmpty() && BY_DATABASE.containsKey(systemTable);
    }

    private static String visibleDatabases(UserDirectory.User user) {
        return Stream.concat(user.databases().stream(), AccessPolicy.PUBLIC_DATABASES.stream())
                .map(Sql::quote)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
