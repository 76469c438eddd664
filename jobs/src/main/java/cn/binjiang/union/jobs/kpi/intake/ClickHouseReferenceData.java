package cn.binjiang.union.jobs.kpi.intake;

import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseConnections;
import cn.binjiang.union.schema.avro.Industry;
import cn.binjiang.union.schema.avro.Street;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the streets and the enterprise roster from ClickHouse's {@code streets} and
 * {@code enterprises} tables, which the seeds fill. Read once when the job (re)starts: an
 * enterprise registered later is known after the next restart.
 */
public record ClickHouseReferenceData(String jdbcUrl, String user, String password) implements ReferenceDataSource {

    @Override
    public ReferenceData load() throws SQLException {
        try (Connection c = ClickHouseConnections.open(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            List<Street> streets = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT code FROM streets FINAL")) {
                while (rs.next()) streets.add(Street.valueOf(symbol(rs.getString(1))));
            }
            List<Enterprise> enterprises = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT credit_code, street_code, industry_code, employee_count FROM enterprises FINAL")) {
                while (rs.next()) {
                    enterprises.add(new Enterprise(
                            rs.getString(1),
                            Street.valueOf(symbol(rs.getString(2))),
                            Industry.valueOf(symbol(rs.getString(3))),
                            rs.getInt(4)));
                }
            }
            return InMemoryReferenceData.of(streets, enterprises);
        }
    }

    /** Reference tables spell enum values as the KPI slices do: lower-case symbols. */
    private static String symbol(String code) {
        return code.toUpperCase(Locale.ROOT);
    }

    /** Without the password: a record's own toString would print it into any log line that shows this. */
    @Override
    public String toString() {
        return "ClickHouseReferenceData[" + jdbcUrl + " as " + user + "]";
    }
}
