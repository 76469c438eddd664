package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterDialectTest {
    private final ClusterDialect dialect = new ClusterDialect("union_kpi", "kpi");

    @Test
    void aReplacingMergeTreeBecomesAReplicatedTwinInTheLocalDatabaseUnderADistributedTableOfItsName() {
        String table =
                "CREATE TABLE IF NOT EXISTS targets (year UInt16, kpi_id String, street String, loaded_at DateTime64(3))\n"
                        + "ENGINE = ReplacingMergeTree(loaded_at)\nORDER BY (year, kpi_id, street)";

        assertThat(dialect.rewrite(table))
                .containsExactly(
                        "CREATE TABLE IF NOT EXISTS kpi_local.targets ON CLUSTER union_kpi (year UInt16, kpi_id String, street String, loaded_at DateTime64(3))\n"
                                + "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', loaded_at)\n"
                                + "ORDER BY (year, kpi_id, street)",
                        "CREATE TABLE IF NOT EXISTS kpi.targets ON CLUSTER union_kpi AS kpi_local.targets"
                                + " ENGINE = Distributed(union_kpi, kpi_local, targets, cityHash64(year, kpi_id, street))");
    }

    @Test
    void aPlainMergeTreeWithoutArgumentsGetsOnlyTheReplicaPath() {
        assertThat(dialect.rewrite("CREATE TABLE streets (code String) ENGINE = MergeTree ORDER BY code")
                        .getFirst())
                .isEqualTo(
                        "CREATE TABLE kpi_local.streets ON CLUSTER union_kpi (code String) ENGINE = ReplicatedMergeTree("
                                + "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}') ORDER BY code");
    }

    @Test
    void aTableMadeAsAnotherTakesTheOthersTwinsStructure() {
        assertThat(dialect.rewrite("CREATE TABLE IF NOT EXISTS kpi_values_by_slice AS kpi_values\n"
                                + "ENGINE = ReplacingMergeTree(version)\nORDER BY (kpi_id, bucket)")
                        .getFirst())
                .isEqualTo(
                        "CREATE TABLE IF NOT EXISTS kpi_local.kpi_values_by_slice ON CLUSTER union_kpi AS kpi_local.kpi_values\n"
                                + "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', version)\n"
                                + "ORDER BY (kpi_id, bucket)");
    }

    @Test
    void aViewStaysInThePlatformsDatabaseAndReadsTheDistributedTables() {
        assertThat(dialect.rewrite("CREATE OR REPLACE VIEW kpi_latest AS SELECT * FROM kpi_values FINAL"))
                .containsExactly(
                        "CREATE OR REPLACE VIEW kpi.kpi_latest ON CLUSTER union_kpi AS SELECT * FROM kpi_values FINAL");
    }

    @Test
    void aViewsColumnListWithItsCommentsFollowsItsClusterClause() {
        assertThat(
                        dialect.rewrite(
                                "CREATE OR REPLACE VIEW data_clock\n(\n    as_of Nullable(DateTime64(3, 'Asia/Shanghai'))"
                                        + " COMMENT 'the newest (AS of) time'\n)\nDEFINER = CURRENT_USER SQL SECURITY DEFINER AS SELECT 1 AS as_of"))
                .containsExactly("CREATE OR REPLACE VIEW kpi.data_clock ON CLUSTER union_kpi\n(\n"
                        + "    as_of Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'the newest (AS of) time'\n)\n"
                        + "DEFINER = CURRENT_USER SQL SECURITY DEFINER AS SELECT 1 AS as_of");
    }

    @Test
    void aViewsDefinerAndSqlSecurityFollowItsClusterClause() {
        assertThat(
                        dialect.rewrite(
                                "CREATE OR REPLACE VIEW data_clock DEFINER = CURRENT_USER SQL SECURITY DEFINER AS SELECT 1 AS x"))
                .containsExactly("CREATE OR REPLACE VIEW kpi.data_clock ON CLUSTER union_kpi"
                        + " DEFINER = CURRENT_USER SQL SECURITY DEFINER AS SELECT 1 AS x");
    }

    @Test
    void anAlterChangesTheTwinOnEveryReplicaThenMakesItsDistributedTableAgain() {
        assertThat(dialect.rewrite("ALTER TABLE aid_events ADD COLUMN IF NOT EXISTS note String"))
                .containsExactly(
                        "ALTER TABLE kpi_local.aid_events ON CLUSTER union_kpi ADD COLUMN IF NOT EXISTS note String SETTINGS alter_sync = 2",
                        "CREATE OR REPLACE TABLE kpi.aid_events ON CLUSTER union_kpi AS kpi_local.aid_events"
                                + " ENGINE = Distributed(union_kpi, kpi_local, aid_events, cityHash64(event_id))");
    }

    @Test
    void aSwapRenamesTheTwinsAndLeavesEachNameADistributedTableOverTheTwinThatNowHasIt() {
        assertThat(dialect.rewrite("RENAME TABLE kpi_values TO kpi_values_v004, kpi_values_by_slice TO kpi_values"))
                .containsExactly(
                        "RENAME TABLE kpi_local.kpi_values TO kpi_local.kpi_values_v004, kpi_local.kpi_values_by_slice TO kpi_local.kpi_values"
                                + " ON CLUSTER union_kpi",
                        "CREATE OR REPLACE TABLE kpi.kpi_values_v004 ON CLUSTER union_kpi AS kpi_local.kpi_values_v004 ENGINE = Distributed("
                                + "union_kpi, kpi_local, kpi_values_v004, cityHash64(kpi_id, grain, street, industry, employment_form, category))",
                        "CREATE OR REPLACE TABLE kpi.kpi_values ON CLUSTER union_kpi AS kpi_local.kpi_values ENGINE = Distributed("
                                + "union_kpi, kpi_local, kpi_values, cityHash64(kpi_id, grain, street, industry, employment_form, category))",
                        "DROP TABLE kpi.kpi_values_by_slice ON CLUSTER union_kpi");
    }

    @Test
    void aDroppedTableLosesBothItsDistributedTableAndItsTwinAViewOnlyItself() {
        assertThat(dialect.rewrite("DROP TABLE kpi_values_v004"))
                .containsExactly(
                        "DROP TABLE kpi.kpi_values_v004 ON CLUSTER union_kpi",
                        "DROP TABLE IF EXISTS kpi_local.kpi_values_v004 ON CLUSTER union_kpi");
        assertThat(dialect.rewrite("DROP VIEW IF EXISTS kpi_progress"))
                .containsExactly("DROP VIEW IF EXISTS kpi.kpi_progress ON CLUSTER union_kpi");
    }

    @Test
    void anInsertWaitsForEveryShardAndAReadIsLeftAlone() {
        assertThat(dialect.rewrite("INSERT INTO targets (year, target) VALUES (2022, 1)"))
                .containsExactly(
                        "INSERT INTO targets (year, target) SETTINGS distributed_foreground_insert = 1 VALUES (2022, 1)");
        assertThat(dialect.rewrite("INSERT INTO kpi_values_by_slice SELECT * FROM kpi_values"))
                .containsExactly(
                        "INSERT INTO kpi_values_by_slice SETTINGS distributed_foreground_insert = 1 SELECT * FROM kpi_values");
        assertThat(dialect.rewrite("SELECT count() FROM targets")).containsExactly("SELECT count() FROM targets");
    }

    @Test
    void bothDatabasesAreCreatedOnEveryNode() {
        assertThat(dialect.databases())
                .containsExactly(
                        "CREATE DATABASE IF NOT EXISTS kpi ON CLUSTER union_kpi",
                        "CREATE DATABASE IF NOT EXISTS kpi_local ON CLUSTER union_kpi");
    }

    @Test
    void aTableWithoutAShardingKeyIsRefusedNamingWhereToGiveItOne() {
        assertThatThrownBy(
                        () -> dialect.rewrite("CREATE TABLE surveys (id UUID) ENGINE = ReplacingMergeTree ORDER BY id"))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("surveys has no sharding key: add it to ShardingKey");
    }

    @Test
    void statementsWithoutAClusterFormAreRefusedNamingThem() {
        assertThatThrownBy(() -> dialect.rewrite("CREATE MATERIALIZED VIEW daily TO kpi_values AS SELECT 1"))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith(
                        "no cluster form for CREATE MATERIALIZED VIEW daily TO kpi_values AS SELECT 1 (");
        assertThatThrownBy(() -> dialect.rewrite(
                        "CREATE TABLE targets (year UInt16) ENGINE = MergeTree ORDER BY year AS SELECT 2022"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("AS SELECT would fill every replica");
        assertThatThrownBy(() -> dialect.rewrite("CREATE TABLE targets (year UInt16) ENGINE = Memory"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("MergeTree-family engine");
        assertThatThrownBy(() -> dialect.rewrite("TRUNCATE TABLE targets")).isInstanceOf(MigrationException.class);
        assertThatThrownBy(() -> dialect.rewrite("ALTER TABLE kpi.targets DELETE WHERE 1"))
                .isInstanceOf(MigrationException.class);
    }

    @Test
    void aClusterOrDatabaseNameThatCouldInjectSqlIsRefused() {
        assertThatThrownBy(() -> new ClusterDialect("x; DROP TABLE y", "kpi"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("cluster name 'x; DROP TABLE y'");
        assertThatThrownBy(() -> new ClusterDialect("union_kpi", "kpi.x"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("database name 'kpi.x'");
    }
}
