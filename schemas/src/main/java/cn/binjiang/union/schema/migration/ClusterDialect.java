package cn.binjiang.union.schema.migration;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a single-server statement into its cluster form: DDL runs {@code ON CLUSTER} and
 * MergeTree-family engines become their Replicated twins, keyed by ClickHouse's own
 * {@code {shard}}, {@code {replica}}, {@code {database}} and {@code {table}} macros, so one
 * set of migration files serves one machine and a cluster alike.
 */
public final class ClusterDialect {
    /** RENAME names several tables; its ON CLUSTER comes after all of them. */
    private static final Pattern RENAME = Pattern.compile("(?is)^\\s*RENAME\\s+TABLE\\s.*");
    private static final Pattern DDL_OBJECT = Pattern.compile(
            "(?is)^(\\s*(?:CREATE|ALTER|DROP|TRUNCATE)\\s+(?:OR\\s+REPLACE\\s+)?"
                    + "(?:TEMPORARY\\s+)?(?:TABLE|(?:MATERIALIZED\\s+)?VIEW|DATABASE|DICTIONARY)\\s+"
                    + "(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?[`\"\\w.]+)");
    private static final Pattern MERGE_TREE = Pattern.compile(
            "(?i)ENGINE\\s*=\\s*(Replacing|Summing|Aggregating|Collapsing|VersionedCollapsing|)MergeTree(?:\\s*\\(([^)]*)\\))?");
    private static final String REPLICA_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";

    private final String cluster;

    public ClusterDialect(String cluster) {
        if (!cluster.matches("[A-Za-z0-9_]+")) {
            throw new MigrationException("cluster name '" + cluster + "' must be letters, digits or _");
        }
        this.cluster = cluster;
    }

    public String rewrite(String statement) {
        if (RENAME.matcher(statement).matches()) return statement.strip() + " ON CLUSTER " + cluster;
        Matcher ddl = DDL_OBJECT.matcher(statement);
        if (!ddl.find()) return statement;
        String onCluster = ddl.replaceFirst(Matcher.quoteReplacement(ddl.group(1) + " ON CLUSTER " + cluster));
        Matcher engine = MERGE_TREE.matcher(onCluster);
        if (!engine.find()) return onCluster;
        String args = engine.group(2) == null || engine.group(2).isBlank() ? "" : ", " + engine.group(2).strip();
        return engine.replaceFirst(Matcher.quoteReplacement(
                "ENGINE = Replicated" + engine.group(1) + "MergeTree(" + REPLICA_PATH + args + ")"));
    }
}
