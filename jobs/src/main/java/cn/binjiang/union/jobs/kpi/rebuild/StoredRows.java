package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.schema.kpi.CellKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The row {@code kpi_values} shows for each cell of a rebuild's scope (the highest version's): what a rebuilt row must
 * outrank, and whether it must be written at all.
 */
final class StoredRows {
    private StoredRows() {}

    /** A cell's row: its value in hundredths, its version, and when the job (or a rebuild) wrote it, epoch ms. */
    record StoredRow(long value, long version, long updatedAt) {}

    /** By cell key ({@link CellKey}). */
    static Map<String, StoredRow> of(Connection clickhouse, RebuildScope scope) throws SQLException {
        // The KPI ids are checked against the catalog before they get here, and quoted anyway.
        String kpis = scope.kpiIds().stream()
                .map(id -> "'" + id.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder(
                "SELECT kpi_id, grain, toString(bucket), street, industry, employment_form, category, max(version),"
                        + " toInt64(argMax(value, version) * 100), toUnixTimestamp64Milli(argMax(updated_at, version))"
                        + " FROM kpi_values WHERE kpi_id IN (" + kpis + ")");
        scope.fromYear().ifPresent(year -> sql.append(" AND toYear(bucket) >= ").append(year.intValue()));
        scope.toYear().ifPresent(year -> sql.append(" AND toYear(bucket) <= ").append(year.intValue()));
        sql.append(" GROUP BY kpi_id, grain, bucket, street, industry, employment_form, category");
        Map<String, StoredRow> stored = new HashMap<>();
        try (Statement statement = clickhouse.createStatement();
                ResultSet rows = statement.executeQuery(sql.toString())) {
            while (rows.next()) {
                String key = CellKey.of(
                        rows.getString(1),
                        rows.getString(2),
                        (int) LocalDate.parse(rows.getString(3)).toEpochDay(),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getString(7));
                stored.put(key, new StoredRow(rows.getLong(9), rows.getLong(8), rows.getLong(10)));
            }
        }
        return stored;
    }
}
