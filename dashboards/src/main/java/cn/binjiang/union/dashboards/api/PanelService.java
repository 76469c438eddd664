package cn.binjiang.union.dashboards.api;

import cn.binjiang.union.dashboards.model.Panel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Runs panel queries on the pool (the read-only ClickHouse user) and returns their rows. */
public final class PanelService {
    /** Rows a panel may return at most; a panel is a chart, not an export. */
    static final int MAX_ROWS = 5_000;
    /** A panel that takes longer is stopped (the page shows it failed) rather than holding a pooled connection. */
    static final int QUERY_TIMEOUT_SECONDS = 10;

    private final DataSource dataSource;

    public PanelService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public PanelData data(Panel panel, int year, Optional<String> street) throws SQLException {
        PanelQuery q = PanelQuery.of(panel, year, street);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++)
                s.setObject(i + 1, q.params().get(i));
            s.setMaxRows(MAX_ROWS);
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i));
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next() && rows.size() < MAX_ROWS) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns.size(); i++)
                        row.put(columns.get(i - 1), JsonCells.of(rs.getObject(i)));
                    rows.add(row);
                }
                if (panel.chart() == Panel.Chart.CARD && !panel.isSql()) {
                    rows.sort(Comparator.comparingInt(r -> panel.kpis().indexOf(String.valueOf(r.get("kpi_id")))));
                }
                return new PanelData(List.copyOf(columns), rows);
            }
        }
    }
}
