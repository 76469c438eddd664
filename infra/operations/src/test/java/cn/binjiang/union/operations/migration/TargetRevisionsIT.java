package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.SqlRows;
import cn.binjiang.union.testkit.TestClickHouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Targets as data that changes (V015): a revision shows in kpi_progress at once, one dated ahead waits for its day,
 * reloading the seeds' annual figure leaves the revisions alone, and every figure a target has had stays queryable;
 * the targets written before V015 keep meaning the same.
 */
class TargetRevisionsIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final String TARGET_2022 =
            "SELECT toString(target) FROM kpi_progress WHERE year = 2022 AND kpi_id = 'members_joined' AND street = ''";

    @Test
    void aRevisedTargetShowsAtOnceAndItsHistoryIsKept() throws SQLException {
        String db = CLICKHOUSE.freshDatabase("target_revisions");
        List<Migration> all = MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION);
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            new Migrator(c).migrate(all.stream().filter(m -> m.version() < 15).toList());
            s.execute(
                    "INSERT INTO targets (year, kpi_id, street, target, note) VALUES"
                            + " (2022, 'members_joined', '', 10000, 'annual plan'), (2022, 'members_joined', 'xixing', 4000, '')");

            new Migrator(c).migrate(all);
            assertThat(
                            SqlRows.of(
                                    c,
                                    "SELECT street, toString(target), toString(valid_from), changed_by FROM targets FINAL ORDER BY street"))
                    .as("the targets written before V015, each in force from its year's first instant")
                    .containsExactly("\t10000\t2022-01-01 00:00:00.000\t", "xixing\t4000\t2022-01-01 00:00:00.000\t");
            assertThat(SqlRows.of(c, TARGET_2022)).containsExactly("10000");

            s.execute("INSERT INTO targets (year, kpi_id, street, target, note, valid_from, changed_by) VALUES"
                    + " (2022, 'members_joined', '', 14000, '年中调整', now64(3) - INTERVAL 1 SECOND, 'district office')");
            assertThat(SqlRows.of(c, TARGET_2022)).as("a revision in force").containsExactly("14000");

            s.execute("INSERT INTO targets (year, kpi_id, street, target, valid_from, changed_by) VALUES"
                    + " (2022, 'members_joined', '', 20000, now64(3) + INTERVAL 1 DAY, 'district office')");
            assertThat(SqlRows.of(c, TARGET_2022))
                    .as("a revision dated ahead waits for its day")
                    .containsExactly("14000");

            s.execute("INSERT INTO targets (year, kpi_id, street, target, note) VALUES"
                    + " (2022, 'members_joined', '', 10000, 'annual plan')");
            assertThat(SqlRows.of(c, TARGET_2022)).as("the seeds reloaded").containsExactly("14000");
            assertThat(
                            SqlRows.of(
                                    c,
                                    "SELECT toString(target), note, changed_by FROM targets FINAL"
                                            + " WHERE year = 2022 AND kpi_id = 'members_joined' AND street = '' ORDER BY valid_from"))
                    .as("the target's history, each figure once")
                    .containsExactly(
                            "10000\tannual plan\t", "14000\t年中调整\tdistrict office", "20000\t\tdistrict office");
            assertThat(SqlRows.of(
                            c,
                            "SELECT street, toString(target), revisions FROM targets_in_force WHERE kpi_id = 'members_joined'"
                                    + " ORDER BY street"))
                    .containsExactly("\t14000\t2", "xixing\t4000\t1");
            assertThat(SqlRows.of(
                            c, "SELECT toString(target) FROM kpi_progress WHERE year = 2022 AND street = 'xixing'"))
                    .containsExactly("4000");
        }
    }
}
