package cn.binjiang.union.operations.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.operations.migration.Migration;
import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.testkit.SqlRows;
import cn.binjiang.union.testkit.TestClickHouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup restored into an empty stack's database gives the same KPIs (kpi_latest, kpi_progress) and every row of
 * every table, older versions of a cell included; a restore into a database that holds rows, or is at another schema
 * version, is refused and loads nothing.
 */
class BackupRestoreIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final List<Migration> MIGRATIONS = MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION);
    private static final String KPIS = "SELECT * FROM kpi_latest ORDER BY ALL";
    private static final String PROGRESS =
            "SELECT year, kpi_id, street, actual, target, completion_rate, elapsed_share, as_of FROM kpi_progress"
                    + " ORDER BY ALL";
    private static final String EVERY_ROW_COUNT = "SELECT (SELECT count() FROM kpi_values), (SELECT count() FROM"
            + " targets), (SELECT count() FROM aid_events), (SELECT count() FROM rejected_events)";

    @Test
    void aBackupRestoredIntoAnEmptyStackGivesTheSameKpis(@TempDir Path dir) throws Exception {
        String source = migrated("backup_source");
        try (Connection c = CLICKHOUSE.connect(source);
                Statement s = c.createStatement()) {
            s.execute("SYSTEM STOP MERGES kpi_values");
            s.execute("INSERT INTO targets (year, kpi_id, street, target, note) VALUES"
                    + " (2022, 'aid_paid_cny', '', 5000, 'plan'), (2022, 'aid_paid_cny', 'xixing', 2000, '')");
            s.execute("INSERT INTO targets (year, kpi_id, street, target, valid_from, changed_by) VALUES"
                    + " (2022, 'aid_paid_cny', '', 6000, '2022-07-01 00:00:00', 'office')");
            s.execute(
                    "INSERT INTO kpi_values VALUES"
                            + " ('aid_paid_cny', 'year', '2022-01-01', '', '', '', '', 1000.50, 1, '2022-05-01 12:00:00'),"
                            + " ('aid_paid_cny', 'year', '2022-01-01', 'xixing', '', '', '', 1000.50, 1, '2022-05-01 12:00:00')");
            s.execute("INSERT INTO kpi_values VALUES"
                    + " ('aid_paid_cny', 'year', '2022-01-01', '', '', '', '', 3000.50, 2, '2022-05-02 12:00:00')");
            s.execute("INSERT INTO aid_events (event_id, occurred_at, source_system, street, event_type, amount_cny,"
                    + " category, household_id) VALUES"
                    + " ('00000000-0000-4000-8000-0000000a1001', '2022-05-01 09:30:00', 'aid-portal', 'xixing',"
                    + " 'aid_paid', 1000.50, 'hardship', 'H-1'),"
                    + " ('00000000-0000-4000-8000-0000000a1002', '2022-05-02 10:15:00', 'aid-portal', '',"
                    + " 'aid_paid', 2000.00, 'medical', 'H-2')");
            s.execute("INSERT INTO rejected_events (reason, detail, topic, partition, offset, rejected_at,"
                    + " payload_base64) VALUES ('invalid', 'amount_cny: negative', 'aid', 0, 7, '2022-05-03 00:00:00',"
                    + " 'AAEC')");
        }
        ClickHouseBackup backup = backupOf(source);
        List<ClickHouseBackup.TableRows> written = backup.backup(dir);
        assertThat(written).contains(new ClickHouseBackup.TableRows("kpi_values", 3));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .contains("manifest.properties", "kpi_values.native", "aid_events.native");

        String restored = migrated("backup_restored");
        backupOf(restored).restore(dir);

        assertThat(rows(restored, KPIS)).isEqualTo(rows(source, KPIS)).hasSize(2);
        assertThat(rows(restored, PROGRESS))
                .isEqualTo(rows(source, PROGRESS))
                .contains(
                        "2022\taid_paid_cny\t\t3000.50\t6000.0\t0.5000833333333333\t0.3326769406392694\t2022-05-02 10:15:00");
        assertThat(rows(restored, EVERY_ROW_COUNT))
                .isEqualTo(rows(source, EVERY_ROW_COUNT))
                .containsExactly("3\t3\t2\t1");

        assertThatThrownBy(() -> backupOf(restored).restore(dir))
                .hasMessage("aid_events holds 2 rows: a backup is restored into an empty stack only");
        assertThat(rows(restored, EVERY_ROW_COUNT)).containsExactly("3\t3\t2\t1");

        String older = CLICKHOUSE.freshDatabase("backup_older");
        try (Connection c = CLICKHOUSE.connect(older)) {
            new Migrator(c).migrate(MIGRATIONS.subList(0, MIGRATIONS.size() - 1));
        }
        assertThatThrownBy(() -> backupOf(older).restore(dir))
                .hasMessageStartingWith("the backup is of schema version "
                        + MIGRATIONS.getLast().version());
        assertThatThrownBy(() -> backup.backup(dir)).hasMessageEndingWith("holds a backup already");
    }

    private static ClickHouseBackup backupOf(String database) {
        return new ClickHouseBackup(CLICKHOUSE.httpUrl(), database, CLICKHOUSE.user(), CLICKHOUSE.password());
    }

    private static List<String> rows(String database, String sql) throws SQLException {
        try (Connection c = CLICKHOUSE.connect(database)) {
            return SqlRows.of(c, sql);
        }
    }

    private static String migrated(String name) throws SQLException {
        String db = CLICKHOUSE.freshDatabase(name);
        try (Connection c = CLICKHOUSE.connect(db)) {
            new Migrator(c).migrate(MIGRATIONS);
        }
        return db;
    }
}
