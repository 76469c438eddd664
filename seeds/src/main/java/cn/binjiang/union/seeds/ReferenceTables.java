package cn.binjiang.union.seeds;

import cn.binjiang.union.schema.avro.Street;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Loads the reference data into ClickHouse's dimension tables ({@code streets}, {@code enterprises}),
 * where the KPI job's validation and the dashboards read it. Reloading replaces rows
 * (ReplacingMergeTree), never doubles them.
 */
public final class ReferenceTables {
    /** 滨江区's streets: code, Chinese name, English name, side of the Qiantang river. */
    private static final List<String[]> STREETS = List.of(
            new String[] {Street.XIXING.name(), "西兴街道", "Xixing", "jiangnan"},
            new String[] {Street.CHANGHE.name(), "长河街道", "Changhe", "jiangnan"},
            new String[] {Street.PUYAN.name(), "浦沿街道", "Puyan", "jiangnan"});

    private ReferenceTables() {}

    public static void load(Connection connection, List<RosterEnterprise> roster) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO streets (code, name_zh, name_en, river_side) VALUES (?, ?, ?, ?)")) {
            for (String[] street : STREETS) {
                ps.setString(1, code(street[0]));
                ps.setString(2, street[1]);
                ps.setString(3, street[2]);
                ps.setString(4, street[3]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO enterprises (credit_code, name, street_code, industry_code, employee_count) VALUES (?, ?, ?, ?, ?)")) {
            for (RosterEnterprise e : roster) {
                ps.setString(1, e.creditCode());
                ps.setString(2, e.name());
                ps.setString(3, code(e.street().name()));
                ps.setString(4, code(e.industry().name()));
                ps.setInt(5, e.employeeCount());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Reference codes are spelled as KPI slices are: lower-case symbols. */
    private static String code(String symbol) {
        return symbol.toLowerCase(Locale.ROOT);
    }
}
