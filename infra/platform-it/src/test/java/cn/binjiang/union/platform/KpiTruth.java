package cn.binjiang.union.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What ClickHouse says a KPI's drill-down shows, read as the {@code reader} user through kpi_latest (FINAL) and
 * kpi_progress, not through the server's queries. Numbers are compared as text without trailing zeros, as
 * {@link #number} writes them.
 */
final class KpiTruth {
    private final String jdbcUrl;

    KpiTruth(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** January to December of {@code year}: the month cells of the district ({@code ''}) or a street, 0 without one. */
    List<BigDecimal> months(String kpi, int year, String street) throws SQLException {
        List<BigDecimal> out = new ArrayList<>(Collections.nCopies(12, BigDecimal.ZERO));
        for (List<String> row : rows(
                "SELECT toMonth(bucket), value FROM kpi_latest WHERE kpi_id = ? AND grain = 'month' AND toYear(bucket) = ?"
                        + " AND street = ? AND industry = '' AND employment_form = '' AND category = ''",
                kpi,
                year,
                street)) {
            out.set(Integer.parseInt(row.get(0)) - 1, new BigDecimal(row.get(1)));
        }
        return out;
    }

    /** Every KPI's year of the district ({@code ''}) or a street, as its card shows it: kpi_id, actual. */
    List<List<String>> cardActuals(int year, String street) throws SQLException {
        return rows("SELECT kpi_id, actual FROM kpi_progress WHERE year = ? AND street = ?", year, street);
    }

    /** The year of the district ({@code ''}) or a street: actual and target (NULL without one). */
    List<String> total(String kpi, int year, String street) throws SQLException {
        List<List<String>> rows = rows(
                "SELECT actual, target FROM kpi_progress WHERE kpi_id = ? AND year = ? AND street = ?",
                kpi,
                year,
                street);
        return rows.isEmpty() ? List.of("0", "NULL") : rows.get(0);
    }

    /** Each street's year (district_level too), by street code: actual, target (NULL without one). */
    List<List<String>> streets(String kpi, int year) throws SQLException {
        return rows(
                "SELECT street, actual, target FROM kpi_progress WHERE kpi_id = ? AND year = ? AND street != ''"
                        + " ORDER BY street",
                kpi,
                year);
    }

    /** The year cells of the district by {@code dimension} (industry, employment_form), largest first: code, value. */
    List<List<String>> slice(String kpi, int year, String dimension) throws SQLException {
        StringBuilder others = new StringBuilder();
        for (String d : List.of("industry", "employment_form", "category"))
            others.append(" AND ").append(d).append(d.equals(dimension) ? " != ''" : " = ''");
        return rows(
                "SELECT " + dimension + ", value FROM kpi_latest WHERE kpi_id = ? AND grain = 'year'"
                        + " AND toYear(bucket) = ? AND street = ''" + others + " ORDER BY value DESC, " + dimension,
                kpi,
                year);
    }

    /** 同比 / 环比 as the page writes it: +12.5% / −3.0%, — on a base of 0. */
    static String change(BigDecimal value, BigDecimal base) {
        if (base.signum() == 0) return "—";
        double rate = value.doubleValue() / base.doubleValue() - 1;
        String points = new BigDecimal(Math.abs(rate * 100))
                .setScale(1, RoundingMode.HALF_UP)
                .toPlainString();
        return (rate > 0 ? "+" : rate < 0 ? "−" : "") + points + "%";
    }

    /** A number as text without trailing zeros (949.00 and 949 are both 949); anything else as it is. */
    static String number(Object v) {
        if (v == null) return "NULL";
        try {
            return new BigDecimal(String.valueOf(v)).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return String.valueOf(v);
        }
    }

    private List<List<String>> rows(String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "reader", "reader");
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            try (ResultSet rs = s.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.add(number(rs.getString(i)));
                    out.add(row);
                }
                return out;
            }
        }
    }
}
