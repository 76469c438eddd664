package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.SqlRows;
import cn.binjiang.union.testkit.TestClickHouse;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * After every migration each column of every table and view carries a comment (what the SQL console's schema browser
 * shows beside it), and the views that V014 created again with a column list kept each column's name and type.
 */
class EveryColumnCommentedIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    @Test
    void everyColumnOfEveryTableAndViewHasAComment() throws SQLException {
        String db = CLICKHOUSE.freshDatabase("every_column_commented");
        try (Connection c = CLICKHOUSE.connect(db)) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));

            assertThat(SqlRows.of(
                            c,
                            "SELECT concat(table, '.', name) FROM system.columns"
                                    + " WHERE database = currentDatabase() AND comment = '' ORDER BY table, position"))
                    .as("columns without a comment")
                    .isEmpty();
            assertThat(SqlRows.of(
                            c,
                            "SELECT concat(table, ' ', name, ' ', type) FROM system.columns WHERE database = currentDatabase()"
                                    + " AND table IN ('kpi_latest', 'kpi_progress', 'alert_state', 'data_clock')"
                                    + " ORDER BY table, position"))
                    .as("the views' columns, as V013 left them")
                    .containsExactly(
                            "alert_state alert_id LowCardinality(String)",
                            "alert_state transition_id String",
                            "alert_state name String",
                            "alert_state severity String",
                            "alert_state status String",
                            "alert_state street String",
                            "alert_state kpi_id String",
                            "alert_state message String",
                            "alert_state last_seq UInt64",
                            "alert_state at DateTime64(3, 'Asia/Shanghai')",
                            "data_clock as_of Nullable(DateTime64(3, 'Asia/Shanghai'))",
                            "kpi_latest kpi_id LowCardinality(String)",
                            "kpi_latest kpi LowCardinality(String)",
                            "kpi_latest grain LowCardinality(String)",
                            "kpi_latest bucket Date",
                            "kpi_latest street LowCardinality(String)",
                            "kpi_latest industry LowCardinality(String)",
                            "kpi_latest employment_form LowCardinality(String)",
                            "kpi_latest category LowCardinality(String)",
                            "kpi_latest value Decimal(18, 2)",
                            "kpi_latest version UInt64",
                            "kpi_latest updated_at DateTime64(3, 'Asia/Shanghai')",
                            "kpi_progress year UInt16",
                            "kpi_progress kpi_id LowCardinality(String)",
                            "kpi_progress kpi LowCardinality(String)",
                            "kpi_progress grain String",
                            "kpi_progress bucket Date",
                            "kpi_progress street LowCardinality(String)",
                            "kpi_progress actual Decimal(18, 2)",
                            "kpi_progress value Decimal(18, 2)",
                            "kpi_progress target Nullable(Float64)",
                            "kpi_progress completion_rate Nullable(Float64)",
                            "kpi_progress elapsed_share Float64",
                            "kpi_progress pace Nullable(Float64)",
                            "kpi_progress as_of Nullable(DateTime64(3, 'Asia/Shanghai'))");
        }
    }
}
