package cn.binjiang.union.seeds.truth;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The KPI cells ClickHouse holds ({@code kpi_latest}), keyed and valued as {@link GroundTruth} keys its own
 * (hundredths), so that what the job stored and what the generator sent compare cell by cell.
 */
public final class StoredCells {
    private static final String QUERY =
            "SELECT kpi_id, grain, toString(bucket), street, industry, employment_form, category, value FROM kpi_latest";

    private StoredCells() {}

    public static Map<String, Long> read(Connection clickhouse) throws SQLException {
        Map<String, Long> cells = new HashMap<>();
        try (Statement s = clickhouse.createStatement();
                ResultSet rs = s.executeQuery(QUERY)) {
            while (rs.next()) {
                String key = String.join(
                        "|",
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7));
                cells.put(key, rs.getBigDecimal(8).movePointRight(2).longValueExact());
            }
        }
        return cells;
    }
}
