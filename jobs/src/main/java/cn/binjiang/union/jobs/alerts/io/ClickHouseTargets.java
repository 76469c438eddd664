package cn.binjiang.union.jobs.alerts.io;

import cn.binjiang.union.jobs.alerts.rules.TargetLookup;
import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The annual targets the pace rules judge against: those in force now ({@code targets_in_force}, where a revision
 * counts from its {@code valid_from}). One query per KPI and street, on a connection of its own: read at start and
 * every {@code alerts.targets-refresh} after, a handful of pace rules at a time.
 */
public record ClickHouseTargets(String jdbcUrl, String user, String password) implements TargetLookup {
    @Override
    public Map<Integer, Double> targets(String kpiId, String street) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        try (Connection c = ClickHouseConnections.open(jdbcUrl, user, password);
                PreparedStatement s = c.prepareStatement(
                        "SELECT year, target FROM targets_in_force WHERE kpi_id = ? AND street = ? ORDER BY year")) {
            s.setString(1, kpiId);
            s.setString(2, street);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.put(rs.getInt(1), rs.getDouble(2));
            }
        } catch (SQLException e) {
            throw new Unavailable(
                    "reading the targets of " + kpiId + " from " + jdbcUrl + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Without the password: a record's own toString would print it into any log line that shows this. */
    @Override
    public String toString() {
        return "ClickHouseTargets[" + jdbcUrl + " as " + user + "]";
    }
}
