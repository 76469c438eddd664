package cn.binjiang.union.dashboards.api;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the cockpit needs besides panels: the Chinese names of the slice codes (from the reference tables
 * the seeds load, so a renamed street needs no release) and the years there is something to show for.
 */
public final class ReferenceData {
    /** Slice column, code, Chinese name: every dimension a panel row can carry. */
    static final String LABELS = """
            SELECT 'street' AS dimension, code, name_zh FROM streets FINAL
            UNION ALL SELECT 'industry', code, name_zh FROM industries FINAL
            UNION ALL SELECT 'employment_form', code, name_zh FROM employment_forms FINAL
            UNION ALL SELECT 'category', code, name_zh FROM competition_fields FINAL
            UNION ALL SELECT 'category', code, name_zh FROM aid_categories FINAL""";

    /** Years with a target or a value for the district, newest first; has_data once a KPI moved. */
    static final String YEARS = """
            SELECT year, max(actual) > 0 AS has_data FROM kpi_progress
            WHERE street = '' GROUP BY year ORDER BY year DESC""";

    public record Year(int year, boolean hasData) {}

    private final DataSource dataSource;

    public ReferenceData(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code {dimension: {code: 名称}}}. */
    public Map<String, Map<String, String>> labels() throws SQLException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(LABELS)) {
            while (rs.next())
                out.computeIfAbsent(rs.getString(1), d -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
        }
        return out;
    }

    public List<Year> years() throws SQLException {
        List<Year> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(YEARS)) {
            while (rs.next()) out.add(new Year(rs.getInt(1), rs.getBoolean(2)));
        }
        return out;
    }
}
