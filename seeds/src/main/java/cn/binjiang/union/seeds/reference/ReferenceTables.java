package cn.binjiang.union.seeds.reference;

import cn.binjiang.union.seeds.generator.RosterEnterprise;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Loads the reference data into ClickHouse: the dimension tables from the files of
 * {@code resources/reference/}, the synthetic roster into {@code enterprises}, and, separately, the
 * annual targets. The KPI job's validation and the dashboards read them. Reloading replaces rows
 * (ReplacingMergeTree), never doubles them.
 */
public final class ReferenceTables {
    /** Each is a reference file and the table of the same name. */
    public static final List<String> DIMENSIONS =
            List.of("streets", "industries", "employment_forms", "competition_fields", "aid_categories");

    private ReferenceTables() {}

    /** The dimension tables and the enterprises. */
    public static void load(Connection connection, List<RosterEnterprise> roster) throws SQLException {
        for (String dimension : DIMENSIONS) insert(connection, ReferenceCsv.read(dimension));
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO enterprises (credit_code, name, street_code, industry_code, employee_count) VALUES (?, ?, ?, ?, ?)")) {
            for (RosterEnterprise e : roster) {
                ps.setString(1, e.creditCode());
                ps.setString(2, e.name());
                ps.setString(3, code(e.street()));
                ps.setString(4, code(e.industry()));
                ps.setInt(5, e.employeeCount());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The annual targets per KPI and street ({@code targets.csv}); kept apart so tests with targets of their own can
     * leave them out.
     */
    public static int loadTargets(Connection connection) throws SQLException {
        ReferenceCsv targets = ReferenceCsv.read("targets");
        insert(connection, targets);
        return targets.rows().size();
    }

    /** Reference codes are spelled as KPI slices are: lower-case symbols. */
    public static String code(Enum<?> symbol) {
        return symbol.name().toLowerCase(Locale.ROOT);
    }

    private static void insert(Connection connection, ReferenceCsv csv) throws SQLException {
        String placeholders =
                String.join(", ", Collections.nCopies(csv.columns().size(), "?"));
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + csv.name() + " ("
                + String.join(", ", csv.columns()) + ") VALUES (" + placeholders + ")")) {
            for (List<String> row : csv.rows()) {
                for (int i = 0; i < row.size(); i++)
                    bind(ps, i + 1, csv.columns().get(i), row.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The few non-text columns of the reference tables are bound with their own types. */
    private static void bind(PreparedStatement ps, int index, String column, String value) throws SQLException {
        switch (column) {
            case "new_form" -> ps.setBoolean(index, Boolean.parseBoolean(value));
            case "year" -> ps.setInt(index, Integer.parseInt(value));
            case "target" -> ps.setDouble(index, Double.parseDouble(value));
            default -> ps.setString(index, value);
        }
    }
}
