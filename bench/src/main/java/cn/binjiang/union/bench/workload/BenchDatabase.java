package cn.binjiang.union.bench.workload;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import cn.binjiang.union.seeds.reference.ReferenceTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The run's own ClickHouse database: the project's migrations and reference data, then what the job writes. */
public final class BenchDatabase implements AutoCloseable {
    private static final String RAW_ROWS = EventStream.all().stream()
            .map(s -> "(SELECT count() FROM " + s.name() + "_events)")
            .collect(Collectors.joining(" + ", "SELECT ", ""));

    private final BenchOptions options;
    private final String name;
    private final Connection connection;

    private BenchDatabase(BenchOptions options, String name, Connection connection) {
        this.options = options;
        this.name = name;
        this.connection = connection;
    }

    public static BenchDatabase create(BenchOptions options, BenchRun run) throws SQLException {
        try (Connection server = DriverManager.getConnection(options.jdbcUrl("default"), "default", "");
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + run.database());
        }
        Connection connection = DriverManager.getConnection(options.jdbcUrl(run.database()), "default", "");
        new Migrator(connection).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
        ReferenceTables.load(connection, LoadReferenceData.roster());
        ReferenceTables.loadTargets(connection);
        return new BenchDatabase(options, run.database(), connection);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return options.jdbcUrl(name);
    }

    /** Rows in the five raw event tables (before merges: a re-sent batch would count twice). */
    public long rawRows() throws SQLException {
        return single(RAW_ROWS);
    }

    /** Rows written to kpi_values: one per upsert of a cell. */
    public long kpiRows() throws SQLException {
        return single("SELECT count() FROM kpi_values");
    }

    /** Records the job refused (rejected_events). */
    public long rejectedRows() throws SQLException {
        return single("SELECT count() FROM rejected_events");
    }

    /** When the job computed the newest KPI value stored (epoch ms, 0 before the first). */
    public long lastKpiUpdate() throws SQLException {
        return single("SELECT toUnixTimestamp64Milli(max(updated_at)) FROM kpi_values");
    }

    /** Distinct KPI cells (kpi, grain, bucket and the four slices). */
    public long kpiKeys() throws SQLException {
        return single(
                "SELECT uniqExact(kpi_id, grain, bucket, street, industry, employment_form, category) FROM kpi_values");
    }

    /**
     * Distinct KPI cells the job still holds in state: those whose period ended less than the late
     * horizon before {@code eventTime} (CellAggregate drops a cell once the watermark passes that).
     */
    public long kpiKeysInState(long eventTimeMs, long lateHorizonMs) throws SQLException {
        String held =
                "toDateTime(CASE grain WHEN 'day' THEN bucket + 1 WHEN 'month' THEN addMonths(bucket, 1) ELSE addYears(bucket, 1) END, "
                        + "'Asia/Shanghai') + toIntervalSecond(" + lateHorizonMs / 1000
                        + ") > fromUnixTimestamp64Milli(" + eventTimeMs + ")";
        return single(
                "SELECT uniqExact(kpi_id, grain, bucket, street, industry, employment_form, category) FROM kpi_values WHERE "
                        + held);
    }

    /** The columns of {@code table} an INSERT gives values for (those without a DEFAULT), in table order. */
    public List<String> insertableColumns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet r = statement.executeQuery(
                        "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = '" + table
                                + "' AND default_kind = '' ORDER BY position")) {
            while (r.next()) columns.add(r.getString(1));
        }
        return columns;
    }

    public Connection connection() {
        return connection;
    }

    /** The first column of the first row {@code sql} answers, as a long. */
    public long single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public void drop() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + name);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
