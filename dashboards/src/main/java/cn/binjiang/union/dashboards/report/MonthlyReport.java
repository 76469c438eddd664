package cn.binjiang.union.dashboards.report;

import cn.binjiang.union.dashboards.api.JsonCells;
import cn.binjiang.union.dashboards.api.JsonViews;
import cn.binjiang.union.dashboards.api.PanelData;
import cn.binjiang.union.dashboards.api.PanelService;
import cn.binjiang.union.dashboards.model.Dashboard;
import cn.binjiang.union.dashboards.model.Definitions;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.schema.kpi.Grain;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the printed monthly report shows, for the district or one street: the dashboard's year cards as of the
 * month's last day (and last year's at the same date), its trend panels cut at the month's end (a day trend: the
 * month's days; a month trend: January to the month), and the alerts that fired in the month.
 *
 * <p>The cards are read from month cells, not kpi_progress, which is as of the data clock: a month's figures stay
 * what they were at its end however much later the report is printed. The trends are the panels' own answers
 * ({@link PanelService}), so the report and the cockpit never disagree on a row.
 */
public final class MonthlyReport {
    /** The month cells of the month's year up to the month and of the year before up to the same month. */
    static final String CELLS = """
            SELECT kpi_id, toYear(bucket) AS year, sum(month_value) AS value FROM (
                SELECT kpi_id, bucket, argMax(value, version) AS month_value FROM kpi_values
                WHERE kpi_id IN (%s) AND grain = 'month' AND street = ? AND industry = '' AND employment_form = ''
                  AND category = '' AND bucket >= toDate(?) AND bucket <= toDate(?)
                  AND toMonth(bucket) <= ?
                GROUP BY kpi_id, bucket)
            GROUP BY kpi_id, year""";

    /** The targets in force at the month's end: a revision made later is not the month's target. */
    static final String TARGETS = """
            SELECT kpi_id, argMax(target, valid_from) FROM targets FINAL
            WHERE year = ? AND street = ? AND valid_from < toDateTime64(?, 3, 'Asia/Shanghai')
            GROUP BY kpi_id""";

    /**
     * Transitions to firing in the month by the alert job's own time (Beijing), oldest first: {@code alerts.at} is when
     * the job saw it, so a replay of an old year fires in the month it was replayed in.
     */
    static final String FIRINGS = """
            SELECT alert_id, name, severity, street, kpi_id, message, toString(at) AS fired_at FROM alerts FINAL
            WHERE status = 'firing' AND at >= toDateTime64(?, 3, 'Asia/Shanghai') AND at < toDateTime64(?, 3, 'Asia/Shanghai')
              AND (? = '' OR street = ?)
            ORDER BY at
            LIMIT ?""";

    /** Firings listed at most: the report is one page. */
    static final int MAX_ALERTS = 8;

    /** The dashboard the report is made of: the cockpit's (cockpit.js), else the first one loaded. */
    static final String REPORTED_DASHBOARD = "district";

    private final Definitions definitions;
    private final PanelService panels;
    private final DataSource dataSource;

    public MonthlyReport(Definitions definitions, PanelService panels, DataSource dataSource) {
        this.definitions = definitions;
        this.panels = panels;
        this.dataSource = dataSource;
    }

    public Map<String, Object> of(YearMonth month, Optional<String> street) throws SQLException {
        Definitions.Current now = definitions.current();
        Dashboard dashboard = now.dashboards()
                .getOrDefault(
                        REPORTED_DASHBOARD, now.dashboards().values().iterator().next());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", dashboard.title());
        out.put("month", month.toString());
        out.put("asOf", month.atEndOfMonth().toString());
        out.put("scope", JsonViews.scope(street));
        out.put("cards", cards(dashboard, now.catalog(), month, street));
        out.put("trends", trends(dashboard, now.catalog(), month, street));
        List<Map<String, Object>> firings = firings(month, street);
        out.put("alerts", firings.subList(0, Math.min(MAX_ALERTS, firings.size())));
        out.put("moreAlerts", firings.size() > MAX_ALERTS);
        return out;
    }

    private List<Map<String, Object>> cards(
            Dashboard dashboard, KpiCatalog catalog, YearMonth month, Optional<String> street) throws SQLException {
        List<String> kpis = dashboard.panels().stream()
                .filter(p -> p.chart() == Panel.Chart.CARD && !p.isSql())
                .flatMap(p -> p.kpis().stream())
                .toList();
        Map<String, BigDecimal> actual = new HashMap<>();
        Map<String, BigDecimal> lastYear = new HashMap<>();
        Map<String, Double> targets = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(CELLS.formatted(
                    String.join(", ", kpis.stream().map(k -> "?").toList())))) {
                int i = 1;
                for (String k : kpis) s.setString(i++, k);
                s.setString(i++, street.orElse(""));
                s.setString(i++, month.getYear() - 1 + "-01-01");
                s.setString(i++, ReportMonth.firstDay(month).toString());
                s.setInt(i, month.getMonthValue());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next())
                        (rs.getInt(2) == month.getYear() ? actual : lastYear).put(rs.getString(1), rs.getBigDecimal(3));
                }
            }
            try (PreparedStatement s = c.prepareStatement(TARGETS)) {
                s.setInt(1, month.getYear());
                s.setString(2, street.orElse(""));
                s.setString(3, month.plusMonths(1).atDay(1).toString());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) targets.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        double gone = ReportMonth.yearGone(month);
        List<Map<String, Object>> cards = new ArrayList<>();
        for (String kpi : kpis) {
            var definition = catalog.byId(kpi).orElseThrow();
            BigDecimal value = actual.getOrDefault(kpi, BigDecimal.ZERO);
            Double target = targets.get(kpi);
            Double rate = target == null || target <= 0 ? null : value.doubleValue() / target;
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("kpi_id", kpi);
            card.put("name", definition.nameZh());
            card.put("unit", definition.unit());
            card.put("actual", value);
            card.put("target", target);
            card.put("completion_rate", rate);
            card.put("elapsed_share", gone);
            card.put("pace", rate == null ? null : rate - gone);
            card.put("last_year", lastYear.getOrDefault(kpi, BigDecimal.ZERO));
            cards.add(card);
        }
        return cards;
    }

    private List<Map<String, Object>> trends(
            Dashboard dashboard, KpiCatalog catalog, YearMonth month, Optional<String> street) throws SQLException {
        String first = ReportMonth.firstDay(month).toString();
        String last = month.atEndOfMonth().toString();
        List<Map<String, Object>> trends = new ArrayList<>();
        for (Panel p : dashboard.panels()) {
            if (p.chart() != Panel.Chart.LINE || p.isSql()) continue;
            PanelData data = panels.data(p, month.getYear(), street);
            String from = p.grain() == Grain.DAY ? first : month.getYear() + "-01-01";
            List<Map<String, Object>> rows = data.rows().stream()
                    .filter(r -> {
                        String bucket = String.valueOf(r.get("bucket"));
                        return bucket.compareTo(from) >= 0 && bucket.compareTo(last) <= 0;
                    })
                    .toList();
            Map<String, Object> trend = new LinkedHashMap<>();
            trend.put("panel", JsonViews.panel(p, catalog));
            trend.put("rows", rows);
            trends.add(trend);
        }
        return trends;
    }

    private List<Map<String, Object>> firings(YearMonth month, Optional<String> street) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(FIRINGS)) {
            s.setString(1, ReportMonth.firstDay(month) + " 00:00:00");
            s.setString(2, month.plusMonths(1).atDay(1) + " 00:00:00");
            s.setString(3, street.orElse(""));
            s.setString(4, street.orElse(""));
            s.setInt(5, MAX_ALERTS + 1);
            try (ResultSet rs = s.executeQuery()) {
                return JsonCells.rows(rs);
            }
        }
    }
}
