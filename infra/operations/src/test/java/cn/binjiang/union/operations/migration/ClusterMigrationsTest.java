package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every migration, and the migrator's own history table, in its cluster form: what each statement
 * becomes, and what the two databases hold after all of them, against what one server holds.
 */
class ClusterMigrationsTest {
    private static final ClusterDialect DIALECT = new ClusterDialect("union_kpi", "kpi");
    private static final String ON_CLUSTER = " ON CLUSTER union_kpi";
    private static final String REPLICA_PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";
    private static final Pattern CREATE_TABLE = Pattern.compile("(?s)CREATE TABLE (?:IF NOT EXISTS )?(\\w+)\\s.*");
    private static final Pattern CREATE_VIEW =
            Pattern.compile("(?s)CREATE (?:OR REPLACE )?VIEW (?:IF NOT EXISTS )?(\\w+)\\s.*");
    private static final Pattern ALTER_TABLE = Pattern.compile("(?s)ALTER TABLE (\\w+)(\\s.*)");
    private static final Pattern SORTING_KEY = Pattern.compile("ORDER BY (?:\\(([^)]*)\\)|(\\w+))");
    private static final Pattern DISTRIBUTED = Pattern.compile(
            "CREATE (?:TABLE IF NOT EXISTS|OR REPLACE TABLE) kpi\\.(\\w+) ON CLUSTER union_kpi AS kpi_local\\.(\\w+)"
                    + " ENGINE = Distributed\\(union_kpi, kpi_local, (\\w+), cityHash64\\(([^)]*)\\)\\)");

    /** The history table first, as the migrator runs it, then every migration's statements in order. */
    static List<String> everyStatement() {
        List<String> statements = new ArrayList<>(List.of(Migrator.HISTORY_DDL));
        MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION)
                .forEach(m -> statements.addAll(m.statements()));
        return statements;
    }

    @Test
    void everyTableHasAReplicatedTwinInTheLocalDatabaseAndADistributedTableShardedByColumnsOfItsSortingKey() {
        for (String statement : everyStatement()) {
            Matcher create = CREATE_TABLE.matcher(statement);
            if (!create.matches()) continue;
            String table = create.group(1);
            List<String> cluster = DIALECT.rewrite(statement);

            assertThat(cluster).as(statement).hasSize(2);
            String twin = cluster.get(0);
            assertThat(twin)
                    .as(table)
                    .contains("kpi_local." + table + ON_CLUSTER)
                    .containsPattern("ENGINE = Replicated\\w*MergeTree\\(" + Pattern.quote(REPLICA_PATH));
            assertThat(twin.replace("kpi_local.", "")
                            .replace(ON_CLUSTER, "")
                            .replace("Replicated", "")
                            .replace(REPLICA_PATH + ", ", "")
                            .replace("(" + REPLICA_PATH + ")", ""))
                    .as("%s: nothing but its place and engine changes", table)
                    .isEqualTo(statement);
            Matcher distributed = DISTRIBUTED.matcher(cluster.get(1));
            assertThat(distributed.matches()).as(cluster.get(1)).isTrue();
            assertThat(List.of(distributed.group(1), distributed.group(2), distributed.group(3)))
                    .containsOnly(table);
            assertThat(sortingKey(statement))
                    .as("%s: every version of a row on one shard", table)
                    .containsAll(columns(distributed.group(4)));
            assertThat(distributed.group(4)).isEqualTo(ShardingKey.of(table).columns());
        }
    }

    @Test
    void everyViewIsMadeOnEveryNodeInThePlatformsDatabaseReadingTheDistributedTables() {
        for (String statement : everyStatement()) {
            Matcher view = CREATE_VIEW.matcher(statement);
            if (!view.matches()) continue;
            String name = view.group(1);

            assertThat(DIALECT.rewrite(statement)).as(name).singleElement().satisfies(cluster -> {
                assertThat(cluster.replaceFirst(Pattern.quote("kpi." + name + ON_CLUSTER), name))
                        .isEqualTo(statement);
                assertThat(cluster).doesNotContain("kpi_local");
            });
        }
    }

    @Test
    void everyAlterChangesTheTwinOnEveryReplicaThenMakesItsDistributedTableAgain() {
        List<String> altered = new ArrayList<>();
        for (String statement : everyStatement()) {
            Matcher alter = ALTER_TABLE.matcher(statement);
            if (!alter.matches()) continue;
            String table = alter.group(1);
            altered.add(table);

            List<String> cluster = DIALECT.rewrite(statement);
            assertThat(cluster).as(table).hasSize(2);
            assertThat(cluster.get(0))
                    .isEqualTo("ALTER TABLE kpi_local." + table + ON_CLUSTER + alter.group(2)
                            + " SETTINGS alter_sync = 2");
            assertThat(cluster.get(1))
                    .startsWith("CREATE OR REPLACE TABLE kpi." + table + ON_CLUSTER + " AS kpi_local." + table + " ");
        }
        assertThat(altered).as("V012 alters two raw tables").contains("aid_events", "training_events");
    }

    @Test
    void afterEveryMigrationThePlatformsDatabaseHoldsWhatOneServerHoldsEachTableDistributedOverItsOwnTwin() {
        Set<String> oneServer = new TreeSet<>();
        Databases cluster = new Databases();
        for (String statement : everyStatement()) {
            OneServer.apply(statement, oneServer);
            for (String sql : DIALECT.rewrite(statement)) cluster.apply(sql);
        }

        Set<String> platform = new TreeSet<>(cluster.distributed.keySet());
        platform.addAll(cluster.views);
        assertThat(platform).isEqualTo(oneServer).contains("kpi_values", "kpi_latest", "schema_migrations");
        cluster.distributed.forEach((name, twin) -> assertThat(twin).as(name).isEqualTo(name));
        assertThat(cluster.local).isEqualTo(cluster.distributed.keySet());
    }

    private static List<String> sortingKey(String createTable) {
        Matcher key = SORTING_KEY.matcher(createTable);
        assertThat(key.find()).as(createTable).isTrue();
        return columns(key.group(1) != null ? key.group(1) : key.group(2));
    }

    private static List<String> columns(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).toList();
    }

    /** The names one server holds, as the original statements leave them. */
    private static final class OneServer {
        static void apply(String statement, Set<String> names) {
            Matcher m;
            if ((m = CREATE_TABLE.matcher(statement)).matches() || (m = CREATE_VIEW.matcher(statement)).matches()) {
                names.add(m.group(1));
            } else if (statement.startsWith("RENAME TABLE ")) {
                Matcher pair = Pattern.compile("(\\w+) TO (\\w+)").matcher(statement);
                List<String[]> pairs = new ArrayList<>();
                while (pair.find()) pairs.add(new String[] {pair.group(1), pair.group(2)});
                pairs.forEach(p -> names.remove(p[0]));
                pairs.forEach(p -> names.add(p[1]));
            } else if ((m = Pattern.compile("DROP (?:TABLE|VIEW) (?:IF EXISTS )?(\\w+)")
                            .matcher(statement))
                    .matches()) {
                names.remove(m.group(1));
            }
        }
    }

    /**
     * The two databases of the cluster, as its statements leave them; a statement that could not run fails the test.
     */
    private static final class Databases {
        final Map<String, String> distributed = new TreeMap<>();
        final Set<String> views = new TreeSet<>();
        final Set<String> local = new TreeSet<>();

        void apply(String sql) {
            if (!sql.startsWith("INSERT") && !sql.startsWith("SELECT"))
                assertThat(sql).contains(ON_CLUSTER);
            Matcher m;
            if ((m = Pattern.compile("(?s)CREATE TABLE (?:IF NOT EXISTS )?kpi_local\\.(\\w+) .*")
                            .matcher(sql))
                    .matches()) {
                local.add(m.group(1));
            } else if ((m = DISTRIBUTED.matcher(sql)).matches()) {
                assertThat(local).as(sql).contains(m.group(2));
                distributed.put(m.group(1), m.group(3));
            } else if ((m = Pattern.compile("(?s)CREATE (?:OR REPLACE )?VIEW (?:IF NOT EXISTS )?kpi\\.(\\w+) .*")
                            .matcher(sql))
                    .matches()) {
                views.add(m.group(1));
            } else if ((m = Pattern.compile("(?s)ALTER TABLE kpi_local\\.(\\w+) .*")
                            .matcher(sql))
                    .matches()) {
                assertThat(local).as(sql).contains(m.group(1));
            } else if (sql.startsWith("RENAME TABLE ")) {
                Matcher pair = Pattern.compile("kpi_local\\.(\\w+) TO kpi_local\\.(\\w+)")
                        .matcher(sql);
                List<String[]> pairs = new ArrayList<>();
                while (pair.find()) pairs.add(new String[] {pair.group(1), pair.group(2)});
                assertThat(pairs).as(sql).isNotEmpty();
                pairs.forEach(p -> assertThat(local.remove(p[0])).as(sql).isTrue());
                pairs.forEach(p -> assertThat(local.add(p[1])).as(sql).isTrue());
            } else if ((m = Pattern.compile("DROP TABLE (?:IF EXISTS )?kpi\\.(\\w+) ON CLUSTER union_kpi")
                            .matcher(sql))
                    .matches()) {
                assertThat(distributed.remove(m.group(1)) != null || views.remove(m.group(1)))
                        .as(sql)
                        .isTrue();
            } else if ((m = Pattern.compile("DROP TABLE IF EXISTS kpi_local\\.(\\w+) ON CLUSTER union_kpi")
                            .matcher(sql))
                    .matches()) {
                local.remove(m.group(1));
            } else if ((m = Pattern.compile("(?s)INSERT INTO (\\w+) .*SETTINGS distributed_foreground_insert = 1\\s.*")
                            .matcher(sql))
                    .matches()) {
                assertThat(distributed)
                        .as("an insert goes through a Distributed table: " + sql)
                        .containsKey(m.group(1));
            } else {
                fail("a statement the cluster run does not expect: " + sql);
            }
        }
    }
}
