package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.ast.StatementReads;
import java.util.Locale;
import java.util.Set;

/**
 * What a user who is read-only or limited to some databases may run. chDB runs everything as its own
 * all-powerful user, so the server checks each statement before chDB runs it, on the engine's own parse
 * ({@link EngineParse}): the tables it names (after FROM/JOIN, right of IN, quoted or not, behind any alias), the
 * table functions it calls (only a few that reach nothing: numbers, zeros, values, generate_series, view), the
 * functions that read files, URLs, dictionaries or other tables by name, system tables that reveal users,
 * grants, server settings or other users' queries, and, for a read-only user, a SETTINGS clause (readonly=1: the
 * user's profile cannot be lifted from inside the query). A named WINDOW or APPLY(...) is refused whole: the parse
 * does not show what it calls or reads ({@link StatementReads#UNPRINTED_KINDS}). The statement text's own tokens
 * ({@link SqlStatement}) add the names the parse does not show, such as {@code SHOW TABLES FROM db} and
 * {@code USE db}.
 */
final class AccessPolicy {
    private static final Set<String> PRIVATE_SYSTEM_TABLES = Set.of(
            "users",
            "grants",
            "roles",
            "role_grants",
            "current_roles",
            "enabled_roles",
            "quotas",
            "quota_limits",
            "quota_usage",
            "quotas_usage",
            "row_policies",
            "settings_profiles",
            "settings_profile_elements",
            "user_directories",
            "user_processes",
            "server_settings",
            "query_log",
            "query_thread_log",
            "query_views_log",
            "session_log",
            "text_log",
            "processors_profile_log",
            "zookeeper",
            "zookeeper_log",
            "named_collections",
            "stack_trace");
    /** Table functions that read only what the statement gives them. */
    private static final Set<String> TABLE_FUNCTIONS = Set.of(
            "numbers", "numbers_mt", "zeros", "zeros_mt", "values", "generate_series", "generateseries", "view", "one");
    /** Functions that read files, URLs, dictionaries or tables by a name in a string, past the database check. */
    private static final Set<String> EXTERNAL_FUNCTIONS = Set.of(
            "file",
            "url",
            "joinget",
            "joingetornull",
            "hascolumnintable",
            "getmergetreesetting",
            "getserversetting",
            "filesystemavailable",
            "filesystemcapacity",
            "filesystemunreserved");

    private static final Set<String> EXTERNAL_PREFIXES = Set.of("dictget", "dicthas", "dictisin");
    /** Databases every user may read: the engine's own catalogue, shown through {@link SystemTableViews}. */
    static final Set<String> PUBLIC_DATABASES = Set.of("system", "INFORMATION_SCHEMA", "information_schema");

    private AccessPolicy() {}

    /**
     * Refuses the statement with ACCESS_DENIED (or READONLY) unless {@code user} may run it in {@code currentDatabase}.
     */
    static void check(
            UserDirectory.User user,
            StatementReads reads,
            SqlStatement text,
            String currentDatabase,
            Set<String> databases) {
        if (user.fullAccess()) {
            return;
        }
        if (!reads.unprinted().isEmpty()) {
            throw new ClickHouseException(
                    ClickHouseException.ACCESS_DENIED,
                    user.name() + ": The statement cannot be checked: the "
                            + "parse does not show what a named WINDOW or APPLY(...) calls or reads "
                            + reads.unprinted() + ". (ACCESS_DENIED)");
        }
        if (user.readOnly() && reads.settingsClause()) {
            throw new ClickHouseException(
                    ClickHouseException.READONLY,
                    user.name()
                            + ": Cannot modify settings in readonly mode: a SETTINGS clause cannot change this user's profile. (READONLY)");
        }
        for (String function : reads.tableFunctions()) {
            if (!TABLE_FUNCTIONS.contains(function)) {
                throw denied(user, "the grant on table function " + function + "()");
            }
        }
        for (String function : reads.functions()) {
            String name = function.toLowerCase(Locale.ROOT);
            if (EXTERNAL_FUNCTIONS.contains(name) || EXTERNAL_PREFIXES.stream().anyMatch(name::startsWith)) {
                throw denied(user, "the grant on function " + function + "()");
            }
        }
        for (StatementReads.TableName table : reads.tables()) {
            String database = table.database().orElse(currentDatabase);
            checkTable(user, database, table.table(), databases);
        }
        for (StatementNames.QualifiedName name : text.names().qualified()) {
            if (databases.contains(name.database())) {
                checkTable(user, name.database(), name.table(), databases);
            }
        }
        for (String name : text.names().unqualifiedObjects()) {
            String database = databases.contains(name) ? name : currentDatabase;
            if (!mayUse(user, database)) {
                throw denied(user, "the grant on database " + database);
            }
        }
    }

    private static void checkTable(UserDirectory.User user, String database, String table, Set<String> databases) {
        if (database.equals("system") && PRIVATE_SYSTEM_TABLES.contains(table.toLowerCase(Locale.ROOT))) {
            throw denied(user, "the grant SHOW USERS, SHOW GRANTS or SYSTEM on system." + table);
        }
        if ((databases.isEmpty() || databases.contains(database)) && !mayUse(user, database)) {
            throw denied(user, "the grant on database " + database);
        }
    }

    static boolean mayUse(UserDirectory.User user, String database) {
        return user.mayUse(database) || PUBLIC_DATABASES.contains(database);
    }

    private static ClickHouseException denied(UserDirectory.User user, String grant) {
        return new ClickHouseException(
                ClickHouseException.ACCESS_DENIED,
                user.name() + ": Not enough privileges. To execute this query, it's necessary to have " + grant
                        + ". (ACCESS_DENIED)");
    }
}
