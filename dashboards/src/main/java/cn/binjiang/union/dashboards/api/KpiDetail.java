package cn.binjiang.union.dashboards.api;

import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a leader sees after clicking a KPI card: the KPI of one year for the district or one street, its year against
 * target beside last year's, its day and month trend against last year (同比) and the month before (环比), each
 * street's target and completion, and its industries and employment forms where the catalog slices it so.
 *
 * <p>The scope is bound into every query as a parameter: a street officer's answer is read from their street's cells
 * only (the street × industry and street × employment-form cells are live slices, docs/kpis.md), never filtered after.
 */
public final class KpiDetail {
    /** The slices the page shows beside the streets: those the federation's report breaks KPIs down by. */
    static final List<DimensionColumn> SLICES = List.of(DimensionColumn.INDUSTRY, DimensionColumn.EMPLOYMENT_FORM);

    /** Day and month cells of the scope, of the year and the one before, each at its newest version. */
    static final String TREND = """
            SELECT grain, toString(bucket) AS period, argMax(cell.value, cell.version) AS value FROM kpi_values AS cell
            WHERE kpi_id = ? AND grain IN ('day', 'month') AND street = ? AND industry = '' AND employment_form = ''
              AND category = '' AND bucket >= toDate(?) AND bucket < toDate(?)
            GROUP BY kpi_id, grain, street, industry, employment_form, category, bucket
            ORDER BY grain, bucket""";

    static final String TOTALS = """
            SELECT toInt32(year) AS year, actual, target, completion_rate, elapsed_share, pace FROM kpi_progress
            WHERE kpi_id = ? AND street = ? AND year IN (?, ?)""";

    /** Each street's year (district_level too: its rows and the streets' add up to the district's). */
    static final String STREETS = """
            SELECT street, actual, target, completion_rate FROM kpi_progress
            WHERE kpi_id = ? AND year = ? AND street != ''""";

    private final DataSource dataSource;
    private final DataClock clock;

    public KpiDetail(DataSource dataSource, DataClock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public Map<String, Object> of(KpiDefinition kpi, int year, Optional<String> street) throws SQLException {
        String scope = street.orElse("");
        Optional<Instant> asOf = clock.asOf();
        Optional<LocalDate> today = asOf.map(t -> t.atZone(KpiCalendar.ZONE).toLocalDate());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kpi", JsonViews.kpi(kpi));
        out.put("year", year);
        out.put("scope", JsonViews.scope(street));
        out.put("asOf", asOf.map(DataClock::text).orElse(null));
        try (Connection c = dataSource.getConnection()) {
            out.put("total", total(c, kpi, year, scope));
            List<Map<String, Object>> trend =
                    rows(c, TREND, kpi.id(), scope, (year - 1) + "-01-01", (year + 1) + "-01-01");
            Map<LocalDate, BigDecimal> months = new HashMap<>();
            Map<String, List<Map<String, Object>>> days = new LinkedHashMap<>();
            days.put("this_year", new ArrayList<>());
            days.put("last_year", new ArrayList<>());
            for (Map<String, Object> cell : trend) {
                LocalDate bucket = LocalDate.parse((String) cell.get("period"));
                if ("month".equals(cell.get("grain"))) {
                    months.put(bucket, (BigDecimal) cell.get("value"));
                } else {
                    Map<String, Object> day = new LinkedHashMap<>();
                    day.put("day", cell.get("period"));
                    day.put("value", cell.get("value"));
                    days.get(bucket.getYear() == year ? "this_year" : "last_year")
                            .add(day);
                }
            }
            out.put("months", MonthlyComparison.of(year, months, today));
            out.put("days", days);
            String streets = STREETS + street.map(s -> " AND street = ?").orElse("") + " ORDER BY street";
            out.put(
                    "streets",
                    street.isPresent() ? rows(c, streets, kpi.id(), year, scope) : rows(c, streets, kpi.id(), year));
            Map<String, Object> slices = new LinkedHashMap<>();
            for (DimensionColumn d : slicesOf(kpi))
                slices.put(d.column(), rows(c, slice(d), kpi.id(), year + "-01-01", scope));
            out.put("by", slices);
        }
        return out;
    }

    /** The year and last year of the scope against their targets; a year without a row reads 0 without target. */
    private static Map<String, Object> total(Connection c, KpiDefinition kpi, int year, String scope)
            throws SQLException {
        Map<Integer, Map<String, Object>> byYear = new HashMap<>();
        for (Map<String, Object> row : rows(c, TOTALS, kpi.id(), scope, year, year - 1))
            byYear.put(((Number) row.remove("year")).intValue(), row);
        Map<String, Object> out = byYear.getOrDefault(year, new LinkedHashMap<>());
        out.putIfAbsent("actual", BigDecimal.ZERO);
        Map<String, Object> last = byYear.get(year - 1);
        out.put("last_year", last == null ? BigDecimal.ZERO : last.get("actual"));
        return out;
    }

    private static List<DimensionColumn> slicesOf(KpiDefinition kpi) {
        return SLICES.stream()
                .filter(d -> kpi.dimensions().stream().anyMatch(k -> k.column() == d))
                .toList();
    }

    /** One dimension's year cells of the scope, largest first; every other slice the roll-up ''. */
    static String slice(DimensionColumn by) {
        StringBuilder where =
                new StringBuilder(" WHERE kpi_id = ? AND grain = 'year' AND bucket = toDate(?) AND street = ?");
        for (DimensionColumn d : DimensionColumn.values()) {
            if (d != DimensionColumn.STREET)
                where.append(" AND ").append(d.column()).append(d == by ? " != ''" : " = ''");
        }
        return "SELECT " + by.column() + " AS code, argMax(cell.value, cell.version) AS value FROM kpi_values AS cell"
                + where
                + " GROUP BY kpi_id, grain, street, industry, employment_form, category, bucket ORDER BY value DESC, code";
    }

    private static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            s.setQueryTimeout(PanelService.QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery()) {
                return JsonCells.rows(rs);
            }
        }
    }
}
