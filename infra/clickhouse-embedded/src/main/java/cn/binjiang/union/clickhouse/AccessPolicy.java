package cn.binjiang.union.clickhouse;

import java.util.Locale;
import java.util.Set;

/**
 * What a user who is read-only or limited to some databases may name in a statement. chDB runs everything as its
 * own all-powerful user, so the server checks the statement text before chDB sees it: databases named as
 * {@code db.table} or after FROM/JOIN/INTO/TABLE/USE/..., the current database for unqualified names, system
 * tables that reveal users, grants, server settings or other users' queries, and table functions that reach
 * outside the databases (files, URLs, other servers, other databases through merge()).
 */
final class AccessPolicy {
    private static final Set<String> PRIVATE_SYSTEM_TABLES = Set.of("users", "grants", "roles", "role_grants",
            "current_roles", "enabled_roles", "quotas", "quota_limits", "quota_usage", "quotas_usage", "row_policies",
            "settings_profiles", "settings_profile_elements", "user_directories", "user_processes", "server_settings",
            "query_log", "query_thread_log", "query_views_log", "session_log", "text_log", "processors_profile_log",
            "zookeeper", "zookeeper_log", "named_collections", "stack_trace");
    private static final Set<String> EXTERNAL_FUNCTIONS = Set.of("file", "filecluster", "url", "urlcluster", "s3",
            "s3cluster", "gcs", "hdfs", "hdfscluster", "azureblobstorage", "azureblobstoragecluster", "remote",
            "remotesecure", "cluster", "clusterallreplicas", "mysql", "postgresql", "sqlite", "jdbc", "odbc", "mongodb",
            "redis", "executable", "iceberg", "icebergs3", "deltalake", "hudi", "merge", "ytsaurus", "arrowflight");
    /** Databases every user may read: the engine's own catalogue, shown through {@link SystemTableViews}. */
    static final Set<String> PUBLIC_DATABASES = Set.of("system", "INFORMATION_SCHEMA", "information_schema");

    private AccessPolicy() {}

    /** Refuses the statement with ACCESS_DENIED unless {@code user} may run it in {@code currentDatabase}. */
    static void check(UserDirectory.User user, SqlStatement statement, String currentDatabase, Set<String> databases) {
        if (user.fullAccess()) {
            return;
        }
        for (String function : statement.calledNames()) {
            if (EXTERNAL_FUNCTIONS.contains(function)) {
                throw denied(user, "the grant on table function or function " + function + "()");
            }
        }
        for (SqlStatement.QualifiedName name : statement.qualifiedNames()) {
            if (name.database().equals("system") && PRIVATE_SYSTEM_TABLES.contains(name.table().toLowerCase(Locale.ROOT))) {
                throw denied(user, "the grant SHOW USERS, SHOW GRANTS or SYSTEM on system." + name.table());
            }
            if (databases.contains(name.database()) && !mayUse(user, name.database())) {
                throw denied(user, "the grant on database " + name.database());
            }
        }
        for (String name : statement.unqualifiedObjectNames()) {
            String database = databases.contains(name) ? name : currentDatabase;
            if (!mayUse(user, database)) {
                throw denied(user, "the grant on database " + database);
            }
        }
    }

    static boolean mayUse(UserDirectory.User user, String database) {
        return user.mayUse(database) || PUBLIC_DATABASES.contains(database);
    }

    private static ClickHouseException denied(UserDirectory.User user, String grant) {
        return new ClickHouseException(ClickHouseException.ACCESS_DENIED, user.name()
                + ": Not enough privileges. To execute this query, it's necessary to have " + grant + ". (ACCESS_DENIED)");
    }
}
