package cn.binjiang.union.clickhouse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The queries running through this server, by the query id clients know them by. chDB gives each statement a
 * random id of its own and runs it as its one user {@code default}, so every query is tagged with its HTTP id in
 * the {@code log_comment} setting; {@link #view} turns chDB's system.processes back into what a ClickHouse
 * server shows (client query ids and users), and KILL QUERY conditions are evaluated against that view.
 */
final class ProcessList {
    /** The setting that carries a statement's HTTP query id into chDB's system.processes. */
    static final String TAG_SETTING = "log_comment";

    private final Map<String, String> userByQueryId = new ConcurrentHashMap<>();

    /**
     * Marks a query as running; ClickHouse refuses a second query with the id of a running one, and one more than
     * {@code maxForUser} (0: no limit) of the user's queries at once.
     */
    synchronized AutoCloseable register(String queryId, String user, int maxForUser) {
        if (maxForUser > 0
                && userByQueryId.values().stream().filter(user::equals).count() >= maxForUser) {
            throw new ClickHouseException(
                    ClickHouseException.TOO_MANY_SIMULTANEOUS_QUERIES,
                    "Too many simultaneous queries for " + "user " + user + ". Maximum: " + maxForUser
                            + ". (TOO_MANY_SIMULTANEOUS_QUERIES)");
        }
        if (userByQueryId.putIfAbsent(queryId, user) != null) {
            throw new ClickHouseException(
                    ClickHouseException.QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING,
                    "Query with id = " + queryId + " is already running. (QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING)");
        }
        return () -> userByQueryId.remove(queryId);
    }

    /**
     * A subquery standing for system.processes: chDB's rows of the queries {@code user} may see (all of them when
     * {@code seesAll}), with {@code query_id} and {@code user} as the clients know them.
     */
    String view(String user, boolean seesAll) {
        Map<String, String> visible = userByQueryId.entrySet().stream()
                .filter(e -> seesAll || e.getValue().equals(user))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        String tag = "Settings['" + TAG_SETTING + "']";
        String users = visible.entrySet().stream()
                .map(e -> Sql.quote(e.getKey()) + ", " + Sql.quote(e.getValue()))
                .collect(Collectors.joining(", ", "map(", ")"));
        String ids = visible.keySet().stream().map(Sql::quote).collect(Collectors.joining(", ", "[", "]"));
        return "(SELECT * REPLACE (" + tag + " AS query_id, " + (visible.isEmpty() ? "''" : users + "[" + tag + "]")
                + " AS user)" + " FROM system.processes WHERE has(CAST(" + ids + ", 'Array(String)'), " + tag + "))";
    }

    /** {@code KILL QUERY WHERE cond} with {@code cond} evaluated on {@link #view}, so it can name client query ids. */
    String killStatement(KillQuery kill, String user, boolean seesAll) {
        // chDB's KILL ... SYNC never returns (it waits on a process list entry that chDB does not release), so the
        // kill is always requested asynchronously; the killed query ends with QUERY_WAS_CANCELLED right after.
        String mode = kill.mode().equals("TEST") ? " TEST" : " ASYNC";
        return "KILL QUERY WHERE Settings['" + TAG_SETTING + "'] IN (SELECT query_id FROM " + view(user, seesAll)
                + " WHERE " + kill.condition() + ")" + mode
                + (kill.formatClause().isEmpty() ? "" : " " + kill.formatClause());
    }
}
