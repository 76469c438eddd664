package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.dashboards.api.RequestRefused;
import cn.binjiang.union.dashboards.api.JsonCells;
import cn.binjiang.union.dashboards.api.PanelData;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs a console query on the pool (the read-only user) after {@link SqlGuard}, bounded by
 * ClickHouse's own settings appended to the query ({@code max_execution_time}, {@code max_result_rows},
 * {@code result_overflow_mode='throw'}) and, as a backstop, the JDBC query timeout and
 * {@code setMaxRows}.
 */
public final class SqlConsole {
    private final DataSource dataSource;
    private final Duration maxExecutionTime;
    private final int maxRows;

    public SqlConsole(DataSource dataSource, Duration maxExecutionTime, int maxRows) {
        this.dataSource = dataSource;
        this.maxExecutionTime = maxExecutionTime;
        this.maxRows = maxRows;
    }

    /** A ClickHouse error for the caller: its own text, no stack trace. */
    public static final class QueryFailed extends RequestRefused {
        QueryFailed(int status, String message) {
            super(status, message);
        }
    }

    /** The statement as sent: the guard's text plus the limits. */
    public String statement(String sql, Optional<String> street) {
        SqlGuard.Checked checked = SqlGuard.check(sql, street);
        if (!checked.takesSettings() && street.isEmpty()) return checked.sql();
        long seconds = Math.max(1, maxExecutionTime.toSeconds());
        return checked.sql() + "\nSETTINGS max_execution_time = " + seconds + ", timeout_overflow_mode = 'throw', "
                + "max_result_rows = " + maxRows + ", result_overflow_mode = 'throw'";
    }

    public PanelData run(String sql, Optional<String> street) {
        String statement = statement(sql, street);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, maxExecutionTime.toSeconds()) + 2);
            s.setMaxRows(maxRows + 1);
            try (ResultSet rs = s.executeQuery(statement)) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i));
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    if (rows.size() >= maxRows) {
                        throw new QueryFailed(400, "result too large: more than " + maxRows + " rows (add a LIMIT or aggregate)");
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns.size(); i++) row.put(columns.get(i - 1), JsonCells.of(rs.getObject(i)));
                    rows.add(row);
                }
                return new PanelData(List.copyOf(columns), rows);
            }
        } catch (SQLException e) {
            throw failure(e, street.isPresent());
        }
    }


    /** ClickHouse's error text, first line, without the driver's wrapping and stack traces. */
    static QueryFailed failure(SQLException e, boolean officer) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable t = e;
        while (t != null) {
            if (t.getMessage() != null && t.getMessage().contains("Code: ")) message = t.getMessage();
            t = t.getCause();
        }
        int at = message.indexOf("Code: ");
        if (at >= 0) message = message.substring(at);
        int stack = message.indexOf("Stack trace");
        if (stack > 0) message = message.substring(0, stack);
        message = message.lines().findFirst().orElse(message).strip();
        message = message.replaceAll("\\s*\\(queryId=[^)]*\\)\\s*$", ""); // the driver's suffix
        if (message.length() > 1000) message = message.substring(0, 1000) + "…";
        if (officer && message.contains("street") && (message.contains("UNKNOWN_IDENTIFIER") || message.contains("Unknown expression")
                || message.contains("Missing columns") || message.contains("Code: 47"))) {
            return new QueryFailed(403, "a street officer's query must return a 'street' column (the result is "
                    + "restricted to their street): " + message);
        }
        String prefix = "ClickHouse: ";
        if (message.contains("TIMEOUT_EXCEEDED") || message.contains("Code: 159") || message.contains("timed out")
                || e instanceof java.sql.SQLTimeoutException) {
            prefix = "query exceeded the time limit: ";
        } else if (message.contains("TOO_MANY_ROWS") || message.contains("Code: 396") || message.contains("Code: 158")) {
            prefix = "result too large: ";
        } else if (message.contains("READONLY") || message.contains("ACCESS_DENIED") || message.contains("Code: 164")
                || message.contains("Code: 497")) {
            return new QueryFailed(403, "ClickHouse refused (read-only user): " + message);
        }
        return new QueryFailed(400, prefix + message);
    }


    /** RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they hold , " CR or LF. */
    public static String csv(PanelData data) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", data.columns().stream().map(SqlConsole::csvField).toList())).append("\r\n");
        for (Map<String, Object> row : data.rows()) {
            List<String> fields = new ArrayList<>();
            for (String c : data.columns()) {
                Object v = row.get(c);
                fields.add(v == null ? "" : csvField(v instanceof BigDecimal b ? b.toPlainString() : v.toString()));
            }
            out.append(String.join(",", fields)).append("\r\n");
        }
        return out.toString();
    }

    static String csvField(String s) {
        String f = s;
        // a cell starting with = + - @ is a formula to a spreadsheet: prefix ' (CSV injection)
        if (!f.isEmpty() && "=+-@".indexOf(f.charAt(0)) >= 0 && !f.matches("-?[0-9.]+(E-?[0-9]+)?")) f = "'" + f;
        if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
            return "\"" + f.replace("\"", "\"\"") + "\"";
        }
        return f;
    }
}
