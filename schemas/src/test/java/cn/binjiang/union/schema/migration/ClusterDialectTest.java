package cn.binjiang.union.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterDialectTest {
    private final ClusterDialect dialect = new ClusterDialect("union_kpi");

    @Test
    void replacingMergeTreeBecomesReplicatedOnTheCluster() {
        String local = "CREATE TABLE IF NOT EXISTS targets (year UInt16, v Float64, loaded_at DateTime64(3))\n"
                + "ENGINE = ReplacingMergeTree(loaded_at)\nORDER BY year";

        assertThat(dialect.rewrite(local)).isEqualTo(
                "CREATE TABLE IF NOT EXISTS targets ON CLUSTER union_kpi (year UInt16, v Float64, loaded_at DateTime64(3))\n"
                        + "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', loaded_at)\n"
                        + "ORDER BY year");
    }

    @Test
    void plainMergeTreeWithoutArgumentsGetsOnlyTheReplicaPath() {
        assertThat(dialect.rewrite("CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x")).isEqualTo(
                "CREATE TABLE t ON CLUSTER union_kpi (x UInt8) ENGINE = ReplicatedMergeTree("
                        + "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}') ORDER BY x");
    }

    @Test
    void viewsAndAltersRunOnTheClusterWithoutEngineChanges() {
        assertThat(dialect.rewrite("CREATE OR REPLACE VIEW kpi_latest AS SELECT 1"))
                .isEqualTo("CREATE OR REPLACE VIEW kpi_latest ON CLUSTER union_kpi AS SELECT 1");
        assertThat(dialect.rewrite("ALTER TABLE targets ADD COLUMN IF NOT EXISTS note String"))
                .isEqualTo("ALTER TABLE targets ON CLUSTER union_kpi ADD COLUMN IF NOT EXISTS note String");
    }

    @Test
    void aRenameOfSeveralTablesRunsOnTheClusterAfterNamingThemAll() {
        assertThat(dialect.rewrite("RENAME TABLE a TO a_old, b TO a")).isEqualTo("RENAME TABLE a TO a_old, b TO a ON CLUSTER union_kpi");
    }

    @Test
    void dataStatementsAreLeftAlone() {
        assertThat(dialect.rewrite("INSERT INTO targets VALUES (2022, 1)")).isEqualTo("INSERT INTO targets VALUES (2022, 1)");
    }

    @Test
    void aClusterNameThatCouldInjectSqlIsRefused() {
        assertThatThrownBy(() -> new ClusterDialect("x; DROP TABLE y"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("cluster name 'x; DROP TABLE y'");
    }
}
