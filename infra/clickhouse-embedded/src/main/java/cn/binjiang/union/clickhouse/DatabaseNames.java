package cn.binjiang.union.clickhouse;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The names in {@code system.databases}, which the access policy needs on every statement of a user limited to
 * some databases. They are read once and again only after a statement that may change them: every statement
 * reaches the engine through this server, so it sees every change. Reading them costs about 2 ms, as much as a
 * small dashboard query.
 */
final class DatabaseNames {
    private static final Set<String> CHANGING_KINDS =
            Set.of("CREATE", "DROP", "RENAME", "ATTACH", "DETACH", "EXCHANGE", "UNDROP", "RESTORE");

    private record Known(long generation, Set<String> names) {}

    private final AtomicLong generation = new AtomicLong();
    private volatile Known known = new Known(-1, Set.of());

    Set<String> get(ChdbConnection connection) {
        long current = generation.get();
        Known k = known;
        if (k.generation() == current) {
            return k.names();
        }
        // read after taking the generation: a change that ends meanwhile moves it on, and the next caller reads again
        Set<String> names = Set.of(connection
                .execute("SELECT name FROM system.databases", "TabSeparated")
                .text()
                .split("\n"));
        known = new Known(current, names);
        return names;
    }

    /** Called when a statement has run, or failed part way: a DDL statement makes the next caller read again. */
    void ran(SqlStatement statement) {
        if (CHANGING_KINDS.contains(statement.kind())) {
            generation.incrementAndGet();
        }
    }
}
