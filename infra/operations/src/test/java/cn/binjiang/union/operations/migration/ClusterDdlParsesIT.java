package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.TestClickHouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cluster form of every migration, parsed by a real ClickHouse engine. The engine here is one
 * server without Keeper or a cluster, so it cannot run them; formatQuery parses a statement without
 * running it, and its canonical form shows how each clause was read (ON CLUSTER as the clause, the
 * INSERT's SETTINGS as the INSERT's own, ...).
 */
class ClusterDdlParsesIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final ClusterDialect DIALECT = new ClusterDialect("union_kpi", "kpi");

    @Test
    void everyStatementOfTheClusterFormParsesWithItsClustersClauseAndSettings() throws SQLException {
        List<String> cluster = new ArrayList<>(DIALECT.databases());
        ClusterMigrationsTest.everyStatement().forEach(s -> cluster.addAll(DIALECT.rewrite(s)));

        try (Connection c = CLICKHOUSE.connect("default");
                PreparedStatement format = c.prepareStatement("SELECT formatQuery(?)")) {
            for (String sql : cluster) {
                format.setString(1, sql);
                String canonical;
                try (ResultSet rs = format.executeQuery()) {
                    rs.next();
                    canonical = rs.getString(1);
                }
                if (sql.startsWith("INSERT")) {
                    assertThat(canonical)
                            .as(sql)
                            .containsPattern(
                                    "^INSERT INTO \\w+( \\([^)]*\\))?\\s+SETTINGS distributed_foreground_insert = 1\\s");
                } else {
                    assertThat(canonical).as(sql).contains("ON CLUSTER union_kpi");
                }
                if (sql.startsWith("ALTER")) assertThat(canonical).as(sql).endsWith("SETTINGS alter_sync = 2");
                if (sql.contains("Distributed("))
                    assertThat(canonical).as(sql).contains("ENGINE = Distributed(union_kpi, kpi_local, ");
            }
        }
    }
}
