package cn.binjiang.union.operations.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one statement written for one server into the statements that do the same on a sharded and
 * replicated cluster, so that one set of migration files serves both.
 *
 * <p>On the cluster every table lives twice. Its rows are in a Replicated twin in the local database
 * ({@code <database>_local}), one per shard, replicated inside the shard under ClickHouse's
 * {@code {shard}} and {@code {replica}} macros. The platform's database holds, under the table's own
 * name, a Distributed table over the twins, sharded by the table's {@link ShardingKey}; the views stay
 * there and read the Distributed tables. So the jobs, the dashboard and the console keep the JDBC URL of
 * the platform's database and see the names they see on one server.
 *
 * <p>Every DDL statement runs {@code ON CLUSTER}. A Distributed table is made again from its twin
 * whenever the twin is created, altered or renamed: {@code AS <twin>} copies the columns, comments
 * included, so the two cannot disagree. An INSERT waits until every shard has its rows (a migration's
 * next statement may rename or drop the table). A statement with no cluster form here (a materialized
 * view, a table of another engine, CREATE TABLE ... AS SELECT, TRUNCATE, a name with a database) is
 * refused, naming it, rather than run in a form that is wrong on a cluster.
 */
public final class ClusterDialect {
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?is)(CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?)(\\w+)(\\s+)(.*)");
    /** A table created with the structure of another: the other's twin lends its structure. */
    private static final Pattern AS_TABLE = Pattern.compile("(?is)AS\\s+(\\w+)(\\s.*)");

    private static final Pattern AS_SELECT = Pattern.compile("(?i)\\bAS\\s*(?:SELECT\\b|WITH\\b|\\()");
    /** A quoted string, e.g. a column's COMMENT, whose words are no SQL. */
    private static final Pattern QUOTED = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'");

    private static final Pattern MERGE_TREE = Pattern.compile(
            "(?i)ENGINE\\s*=\\s*(Replacing|Summing|Aggregating|Collapsing|VersionedCollapsing|)MergeTree(?:\\s*\\(([^)]*)\\))?");
    private static final String REPLICA_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";
    /**
     * A view, with its column list, definer and SQL security if it names them: ON CLUSTER goes right after the name,
     * before all three.
     */
    private static final Pattern CREATE_VIEW =
            Pattern.compile("(?is)(CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?)(\\w+)"
                    + "(\\s*\\(.*|\\s+(?:DEFINER\\s*=\\s*\\w+\\s+)?(?:SQL\\s+SECURITY\\s+\\w+\\s+)?AS\\s.*)");

    private static final Pattern ALTER_TABLE = Pattern.compile("(?is)ALTER\\s+TABLE\\s+(\\w+)(\\s.*)");
    private static final Pattern RENAME_TABLES =
            Pattern.compile("(?is)RENAME\\s+TABLE\\s+(\\w+\\s+TO\\s+\\w+(?:\\s*,\\s*\\w+\\s+TO\\s+\\w+)*)");
    private static final Pattern RENAME_PAIR = Pattern.compile("(?i)(\\w+)\\s+TO\\s+(\\w+)");
    private static final Pattern DROP = Pattern.compile("(?is)DROP\\s+(TABLE|VIEW)\\s+(IF\\s+EXISTS\\s+)?(\\w+)");
    private static final Pattern INSERT = Pattern.compile("(?is)(INSERT\\s+INTO\\s+\\w+(?:\\s*\\([^)]*\\))?)(\\s.*)");
    private static final Pattern READ = Pattern.compile("(?is)(SELECT|WITH)\\s.*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final String cluster;
    private final String database;
    private final String localDatabase;

    /**
     * The dialect of {@code cluster} for the platform's {@code database}, whose tables' rows live in {@code
     * <database>_local}.
     */
    public ClusterDialect(String cluster, String database) {
        requireName("cluster", cluster);
        requireName("database", database);
        this.cluster = cluster;
        this.database = database;
        this.localDatabase = database + "_local";
    }

    /** The two databases, created on every node before anything else. */
    public List<String> databases() {
        return List.of(
                "CREATE DATABASE IF NOT EXISTS " + database + onCluster(),
                "CREATE DATABASE IF NOT EXISTS " + localDatabase + onCluster());
    }

    /** The statements that do on the cluster what {@code statement} does on one server, in the order to run them. */
    public List<String> rewrite(String statement) {
        String sql = statement.strip();
        Matcher m;
        if ((m = CREATE_TABLE.matcher(sql)).matches())
            return createTable(m.group(1), m.group(2), m.group(3), m.group(4), sql);
        if ((m = CREATE_VIEW.matcher(sql)).matches())
            return List.of(m.group(1) + inPlatform(m.group(2)) + onCluster() + m.group(3));
        if ((m = ALTER_TABLE.matcher(sql)).matches()) {
            // Each shard's ALTER waits for all its replicas: the Distributed table made next copies a replica's
            // columns.
            return List.of(
                    "ALTER TABLE " + local(m.group(1)) + onCluster() + m.group(2) + " SETTINGS alter_sync = 2",
                    distributed("CREATE OR REPLACE TABLE", m.group(1)));
        }
        if ((m = RENAME_TABLES.matcher(sql)).matches()) return renameTables(m.group(1));
        if ((m = DROP.matcher(sql)).matches())
            return drop(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3));
        if ((m = INSERT.matcher(sql)).matches())
            return List.of(m.group(1) + " SETTINGS distributed_foreground_insert = 1" + m.group(2));
        if (READ.matcher(sql).matches()) return List.of(sql);
        throw refused(
                "it knows CREATE TABLE of a MergeTree-family engine, CREATE VIEW, ALTER TABLE, RENAME TABLE, DROP TABLE or VIEW,"
                        + " INSERT and SELECT, each naming tables without a database",
                sql);
    }

    private List<String> createTable(String create, String table, String space, String body, String sql) {
        if (AS_SELECT.matcher(QUOTED.matcher(body).replaceAll("''")).find()) {
            throw refused(
                    "AS SELECT would fill every replica of every shard: create the table, then INSERT ... SELECT", sql);
        }
        Matcher as = AS_TABLE.matcher(body);
        String structure = as.matches() ? "AS " + local(as.group(1)) + as.group(2) : body;
        Matcher engine = MERGE_TREE.matcher(structure);
        if (!engine.find())
            throw refused(
                    "only a table of a MergeTree-family engine, named in the statement, has a Replicated twin", sql);
        String args = engine.group(2) == null || engine.group(2).isBlank()
                ? ""
                : ", " + engine.group(2).strip();
        String replicated = engine.replaceFirst(Matcher.quoteReplacement(
                "ENGINE = Replicated" + engine.group(1) + "MergeTree(" + REPLICA_PATH + args + ")"));
        // IF NOT EXISTS rather than OR REPLACE: where a cluster migrated by the former cluster form keeps its
        // Replicated
        // tables under these names, OR REPLACE would drop them with their rows.
        return List.of(
                create + local(table) + onCluster() + space + replicated,
                distributed("CREATE TABLE IF NOT EXISTS", table));
    }

    /**
     * Renames the twins; a Distributed table names its twin, so each new name gets a Distributed table of
     * its own and an old name that no twin has any more loses its Distributed table.
     */
    private List<String> renameTables(String pairs) {
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        Matcher pair = RENAME_PAIR.matcher(pairs);
        while (pair.find()) {
            from.add(pair.group(1));
            to.add(pair.group(2));
        }
        List<String> renamed = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) renamed.add(local(from.get(i)) + " TO " + local(to.get(i)));
        List<String> statements = new ArrayList<>();
        statements.add("RENAME TABLE " + String.join(", ", renamed) + onCluster());
        for (String table : to) statements.add(distributed("CREATE OR REPLACE TABLE", table));
        for (String table : from) {
            if (!to.contains(table)) statements.add("DROP TABLE " + inPlatform(table) + onCluster());
        }
        return statements;
    }

    /** DROP TABLE may name a view, which has no twin; the twin's drop is therefore IF EXISTS. */
    private List<String> drop(String kind, String ifExists, String name) {
        String dropped = "DROP " + kind + " " + ifExists + inPlatform(name) + onCluster();
        if (kind.equalsIgnoreCase("VIEW")) return List.of(dropped);
        return List.of(dropped, "DROP TABLE IF EXISTS " + local(name) + onCluster());
    }

    private String distributed(String create, String table) {
        return create + " " + inPlatform(table) + onCluster() + " AS " + local(table) + " ENGINE = Distributed("
                + cluster + ", " + localDatabase + ", " + table + ", "
                + ShardingKey.of(table).expression() + ")";
    }

    private String inPlatform(String name) {
        return database + "." + name;
    }

    private String local(String table) {
        return localDatabase + "." + table;
    }

    private String onCluster() {
        return " ON CLUSTER " + cluster;
    }

    private static MigrationException refused(String why, String sql) {
        int nl = sql.indexOf('\n');
        return new MigrationException(
                "no cluster form for " + (nl < 0 ? sql : sql.substring(0, nl)) + " (" + why + ")");
    }

    private static void requireName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new MigrationException(what + " name '" + name + "' must be letters, digits or _");
        }
    }
}
