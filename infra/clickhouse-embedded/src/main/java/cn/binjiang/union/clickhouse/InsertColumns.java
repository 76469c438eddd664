package cn.binjiang.union.clickhouse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The column list a body INSERT without one must be given for the engine to read its data as a server does. Without a
 * list, a server reads values for the table's ordinary columns, leaving out EPHEMERAL ones as it leaves out
 * MATERIALIZED
 * and ALIAS ones (ClickHouse's documentation: "an insert without explicitly specified columns will skip columns of this
 * type", so that what {@code SELECT *} gives can be inserted back). chDB's {@code INSERT ... FROM INFILE} reads the
 * file through a File table of the insertable columns, EPHEMERAL ones included, and so wants a value for each of them
 * (CANNOT_PARSE_INPUT_ASSERTION_FAILED); an INSERT with data in its text reads the ordinary columns, as a server does.
 *
 * <p>Only a table with EPHEMERAL columns needs the list. What a table has is read from {@code system.columns} once and
 * again after a statement that may change it: every statement reaches the engine through this server.
 */
final class InsertColumns {
    private static final Set<String> CHANGING_KINDS =
            Set.of("CREATE", "ALTER", "DROP", "RENAME", "ATTACH", "DETACH", "EXCHANGE", "UNDROP", "RESTORE");
    private static final Set<String> NOT_READ_WITHOUT_LIST = Set.of("EPHEMERAL", "MATERIALIZED", "ALIAS");

    private record Known(long generation, Map<String, Optional<String>> lists) {}

    private final AtomicLong generation = new AtomicLong();
    private volatile Known known = new Known(0, new ConcurrentHashMap<>());

    /** {@code insert} as chDB must run it: with the list of the columns a server reads when it names none. */
    QueryPlan.FileInsert complete(QueryPlan.FileInsert insert, ChdbConnection connection) {
        Optional<SqlStatement.TableName> table =
                SqlStatement.parse(insert.head().target()).insertTableWithoutColumns();
        if (table.isEmpty()) {
            return insert;
        }
        Optional<String> database = table.get().database().or(connection::knownDatabase);
        if (database.isEmpty()) {
            return read(connection, "currentDatabase()", table.get().table())
                    .map(insert::withColumns)
                    .orElse(insert);
        }
        long current = generation.get();
        Known k = known;
        if (k.generation() != current) {
            // a change that ends meanwhile moves the generation on, and what this read finds is not kept past it
            k = new Known(current, new ConcurrentHashMap<>());
            known = k;
        }
        String key = database.get() + "\0" + table.get().table();
        Optional<String> list = k.lists().get(key);
        if (list == null) {
            list = read(connection, Sql.quote(database.get()), table.get().table());
            k.lists().put(key, list);
        }
        return list.map(insert::withColumns).orElse(insert);
    }

    /** Called when a statement has run, or failed part way: DDL makes the tables be read again. */
    void ran(SqlStatement statement) {
        if (CHANGING_KINDS.contains(statement.kind())) {
            generation.incrementAndGet();
        }
    }

    /** {@code (a, d)} for a table with EPHEMERAL columns, else empty (also for a table that does not exist). */
    private static Optional<String> read(ChdbConnection connection, String databaseExpression, String table) {
        String rows = connection
                .execute(
                        "SELECT name, default_kind FROM system.columns WHERE database = " + databaseExpression
                                + " AND table = " + Sql.quote(table) + " ORDER BY position",
                        "TabSeparated")
                .text();
        List<String[]> columns = Arrays.stream(rows.split("\n"))
                .filter(r -> !r.isEmpty())
                .map(r -> r.split("\t", 2))
                .toList();
        if (columns.stream().noneMatch(c -> c[1].equals("EPHEMERAL"))) {
            return Optional.empty();
        }
        return Optional.of(columns.stream()
                .filter(c -> !NOT_READ_WITHOUT_LIST.contains(c[1]))
                .map(c -> Sql.quoteIdentifier(Sql.unescapeTsv(c[0])))
                .collect(Collectors.joining(", ", "(", ")")));
    }
}
