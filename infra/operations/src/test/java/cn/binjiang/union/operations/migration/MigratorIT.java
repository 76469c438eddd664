package cn.binjiang.union.operations.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.testkit.SqlRows;
import cn.binjiang.union.testkit.TestClickHouse;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The migrator against a real ClickHouse (embedded engine, or the official image where Docker answers). */
class MigratorIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    @Test
    void appliesEveryMigrationOnceAndASecondRunChangesNothing() throws SQLException {
        String db = CLICKHOUSE.freshDatabase("migrator_twice");
        List<Migration> migrations = MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION);

        try (Connection c = CLICKHOUSE.connect(db)) {
            List<Migration> first = new Migrator(c).migrate(migrations);
            List<String> tablesAfterFirst =
                    SqlRows.of(c, "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name");
            List<String> historyAfterFirst = SqlRows.of(
                    c,
                    "SELECT concat(toString(version), ' ', file_name, ' ', checksum) FROM schema_migrations FINAL ORDER BY version");

            List<Migration> second = new Migrator(c).migrate(migrations);

            assertThat(first).hasSize(migrations.size());
            assertThat(second).isEmpty();
            assertThat(tablesAfterFirst)
                    .containsExactly(
                            "aid_categories",
                            "aid_events",
                            "aid_events_current",
                            "alert_acks",
                            "alert_notifications",
                            "alert_state",
                            "alerts",
                            "competition_events",
                            "competition_events_current",
                            "competition_fields",
                            "data_clock",
                            "duplicate_events",
                            "employment_forms",
                            "enrollment_events",
                            "enrollment_events_current",
                            "enterprises",
                            "industries",
                            "kpi_latest",
                            "kpi_progress",
                            "kpi_values",
                            "legal_events",
                            "legal_events_current",
                            "rejected_events",
                            "schema_migrations",
                            "streets",
                            "targets",
                            "targets_in_force",
                            "training_events",
                            "training_events_current");
            assertThat(
                            SqlRows.of(
                                    c,
                                    "SELECT DISTINCT engine FROM system.tables WHERE database = currentDatabase() ORDER BY engine"))
                    .as("one server: no Replicated or Distributed table")
                    .containsExactly("ReplacingMergeTree", "View");
            assertThat(SqlRows.of(c, "SELECT name FROM system.databases WHERE name = currentDatabase() || '_local'"))
                    .as("one server: no local database")
                    .isEmpty();
            assertThat(SqlRows.of(c, "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name"))
                    .isEqualTo(tablesAfterFirst);
            assertThat(
                            SqlRows.of(
                                    c,
                                    "SELECT concat(toString(version), ' ', file_name, ' ', checksum) FROM schema_migrations FINAL ORDER BY version"))
                    .isEqualTo(historyAfterFirst)
                    .hasSize(migrations.size());
            assertThat(SqlRows.of(c, "SELECT toString(count()) FROM schema_migrations"))
                    .containsExactly(String.valueOf(migrations.size()));
        }
    }

    @Test
    void aFailingStatementStopsTheRunNamingFileAndStatementAndRecordsNothingForIt() throws Exception {
        String db = CLICKHOUSE.freshDatabase("migrator_failing");
        List<Migration> migrations = MigrationSource.fromFolder(resource("migrations-failing"));

        try (Connection c = CLICKHOUSE.connect(db)) {
            assertThatThrownBy(() -> new Migrator(c).migrate(migrations))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("V002__broken.sql statement 2 failed: ")
                    .hasMessageContaining("no_such_column")
                    .hasMessageEndingWith("--- statement ---\nSELECT no_such_column FROM fine");

            assertThat(SqlRows.of(c, "SELECT file_name FROM schema_migrations FINAL ORDER BY version"))
                    .containsExactly("V001__good.sql");
            assertThat(SqlRows.of(c, "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name"))
                    .containsExactly("fine", "good", "schema_migrations");
        }
    }

    @Test
    void aReleasedMigrationThatWasEditedIsRefused() throws SQLException {
        String db = CLICKHOUSE.freshDatabase("migrator_edited");
        Migration original =
                Migration.parse("V001__t.sql", "CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = MergeTree ORDER BY x");
        Migration edited =
                Migration.parse("V001__t.sql", "CREATE TABLE IF NOT EXISTS t (x UInt16) ENGINE = MergeTree ORDER BY x");

        try (Connection c = CLICKHOUSE.connect(db)) {
            new Migrator(c).migrate(List.of(original));

            assertThatThrownBy(() -> new Migrator(c).migrate(List.of(edited)))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("V001__t.sql was changed after it was applied");
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(MigratorIT.class.getClassLoader().getResource(name).toURI());
    }
}
