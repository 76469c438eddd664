package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.dashboards.api.JsonCells;
import cn.binjiang.union.dashboards.api.PanelData;
import cn.binjiang.union.dashboards.api.RequestRefused;
import cn.binjiang.union.schema.ids.PersonalDataMasker;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Runs a console query: checked by {@link ConsoleGuard} on ClickHouse's parse, then run exactly as checked on the
 * console's own pool (its own ClickHouse user, whose profile holds the engine's limits; a street officer's with
 * {@code sql.officer-clickhouse-user}), so console queries can
 * never take the panels' connections. A user runs at most {@code maxPerUser} queries at once (one more is 429
 * with Retry-After); when every console connection is taken the answer is 503 "busy", never a time-out. The JDBC
 * query timeout and {@code setMaxRows} back up the engine's own limits.
 */
public final class SqlConsole {
    /** The console's pool for a scope: the district's, or a street officer's. */
    private final Function<Optional<String>, DataSource> pools;

    private final Duration maxExecutionTime;
    private final int maxRows;
    private final int maxPerUser;
    private final Runnable engineFailed;
    private final ConsoleGuard guard = new ConsoleGuard();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    /** Each user's statements running now, for {@link #cancel}. */
    private final Map<String, Set<Statement>> statements = new ConcurrentHashMap<>();
    /** Statements {@link #cancel} stopped: their failure is the user's cancellation, not an error. */
    private final Set<Statement> cancelled = ConcurrentHashMap.newKeySet();
    /** The limits the engine holds each scope's console user to (its profile), asked once per scope. */
    private final Map<Optional<String>, Map<String, String>> profiles = new ConcurrentHashMap<>();

    /** @param engineFailed told of every console query (or check of one) that ClickHouse failed, for the metrics */
    public SqlConsole(
            Function<Optional<String>, DataSource> pools,
            Duration maxExecutionTime,
            int maxRows,
            int maxPerUser,
            Runnable engineFailed) {
        this.pools = pools;
        this.engineFailed = engineFailed;
        this.maxExecutionTime = maxExecutionTime;
        this.maxRows = maxRows;
        this.maxPerUser = maxPerUser;
    }

    /** A ClickHouse error for the caller: its own text, no stack trace. */
    public static final class QueryFailed extends RequestRefused {
        QueryFailed(int status, String message) {
            super(status, message);
        }

        QueryFailed(int status, String message, Duration retryAfter) {
            super(status, message, retryAfter);
        }
    }

    /**
     * A console result and the limits it ran under: the console's own ({@code sql.max-rows}, {@code
     * sql.max-execution-time}) and the engine's, as the console user's profile sets them.
     */
    public record Answer(
            PanelData data, Duration elapsed, int maxRows, Duration maxExecutionTime, Map<String, String> profile) {}

    /** The profile settings an answer reports: what the engine stops a console query at. */
    static final List<String> PROFILE_LIMITS = List.of(
            "max_execution_time", "max_result_rows", "max_result_bytes", "max_rows_to_read", "max_memory_usage");

    /** Runs {@code sql} for {@code user}, whose reads are limited to {@code street} when set. */
    public Answer run(String user, String sql, Optional<String> street) {
        AtomicInteger mine = running.computeIfAbsent(user, u -> new AtomicInteger());
        if (mine.incrementAndGet() > maxPerUser) {
            mine.decrementAndGet();
            throw new QueryFailed(
                    429,
                    "you already have " + maxPerUser + " console quer" + (maxPerUser == 1 ? "y" : "ies")
                            + " running: wait for " + (maxPerUser == 1 ? "it" : "one") + " to finish",
                    maxExecutionTime);
        }
        try (Connection c = connection(street);
                Statement s = c.createStatement()) {
            String statement = guard.check(sql, street, EngineParser.on(c));
            s.setQueryTimeout((int) Math.max(1, maxExecutionTime.toSeconds()) + 2);
            s.setMaxRows(maxRows + 1);
            Set<Statement> mineRunning = statements.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet());
            mineRunning.add(s);
            long started = System.nanoTime();
            try (ResultSet rs = s.executeQuery(statement)) {
                PanelData data = rows(rs);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                return new Answer(data, elapsed, maxRows, maxExecutionTime, profile(street, c));
            } catch (QueryFailed tooManyRows) {
                // stops the query in ClickHouse: closing the result would otherwise read the rest of it first
                s.cancel();
                throw tooManyRows;
            } catch (SQLException e) {
                if (cancelled.contains(s)) throw new QueryFailed(409, "cancelled: the query was stopped on the server");
                throw e;
            } finally {
                mineRunning.remove(s);
                cancelled.remove(s);
            }
        } catch (SQLException e) {
            engineFailed.run();
            throw failure(e);
        } finally {
            mine.decrementAndGet();
        }
    }

    /**
     * Stops {@code user}'s running console queries in ClickHouse: the driver's cancel sends {@code KILL QUERY} for the
     * statement's query id, as the same console user (who may stop their own queries only). The number stopped.
     */
    public int cancel(String user) {
        int stopped = 0;
        for (Statement s : statements.getOrDefault(user, Set.of())) {
            cancelled.add(s);
            try {
                s.cancel();
                stopped++;
            } catch (SQLException e) {
                cancelled.remove(s);
                throw failure(e);
            }
        }
        return stopped;
    }

    /** Asked with getSetting, which reads no table: a profile's max_rows_to_read cannot refuse it. */
    private Map<String, String> profile(Optional<String> street, Connection c) throws SQLException {
        Map<String, String> known = profiles.get(street);
        if (known != null) return known;
        Map<String, String> limits = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT "
                        + String.join(
                                ", ",
                                PROFILE_LIMITS.stream()
                                        .map(name -> "toString(getSetting('" + name + "'))")
                                        .toList()))) {
            rs.next();
            for (int i = 0; i < PROFILE_LIMITS.size(); i++) limits.put(PROFILE_LIMITS.get(i), rs.getString(i + 1));
        }
        profiles.putIfAbsent(street, Collections.unmodifiableMap(limits));
        return profiles.get(street);
    }

    private Connection connection(Optional<String> street) throws SQLException {
        try {
            return pools.apply(street).getConnection();
        } catch (SQLTransientConnectionException e) {
            throw new QueryFailed(
                    503,
                    "the console is busy: every console connection is running another user's query; "
                            + "try again in a moment",
                    Duration.ofSeconds(2));
        }
    }

    private PanelData rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i));
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            if (rows.size() >= maxRows) {
                throw new QueryFailed(
                        400, "result too large: more than " + maxRows + " rows (add a LIMIT or aggregate)");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns.size(); i++) row.put(columns.get(i - 1), JsonCells.of(rs.getObject(i)));
            rows.add(row);
        }
        return new PanelData(List.copyOf(columns), rows);
    }

    /** ClickHouse's error text, first line, without the driver's wrapping and stack traces. */
    static String engineMessage(SQLException e) {
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
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
    }

    /** A failed query as the caller should read it: a time-out, a limit, a refusal or ClickHouse's own error. */
    QueryFailed failure(SQLException e) {
        String message = engineMessage(e);
        if (message.contains("TIMEOUT_EXCEEDED")
                || message.contains("Code: 159")
                || message.contains("timed out")
                || e instanceof SQLTimeoutException) {
            return new QueryFailed(
                    400,
                    "time-out: the query ran longer than the console's limit of " + maxExecutionTime.toSeconds()
                            + " s (" + message + ")");
        }
        if (message.contains("TOO_MANY_ROWS")
                || message.contains("Code: 396")
                || message.contains("Code: 158")
                || message.contains("Code: 307")
                || message.contains("MEMORY_LIMIT_EXCEEDED")
                || message.contains("Code: 241")) {
            return new QueryFailed(400, "result or work too large for the console's limits: " + message);
        }
        if (message.contains("TOO_MANY_SIMULTANEOUS_QUERIES") || message.contains("Code: 202")) {
            return new QueryFailed(503, "the console is busy: " + message, Duration.ofSeconds(2));
        }
        return refusedByEngine(message).orElseGet(() -> new QueryFailed(400, "ClickHouse: " + message));
    }

    /** ClickHouse's refusal of what the console's read-only user may not do (READONLY, ACCESS_DENIED): a 403. */
    static Optional<QueryFailed> refusedByEngine(String message) {
        boolean refused = message.contains("READONLY")
                || message.contains("ACCESS_DENIED")
                || message.contains("Code: 164")
                || message.contains("Code: 497");
        return refused
                ? Optional.of(new QueryFailed(403, "ClickHouse refused (read-only user): " + message))
                : Optional.empty();
    }

    /**
     * A console query as a log line shows it: resident ID numbers masked (an analyst may search for one), line breaks
     * and control characters escaped, so it cannot forge lines.
     */
    public static String logLine(String query) {
        String sql = PersonalDataMasker.mask(query);
        StringBuilder out = new StringBuilder();
        sql.codePoints().limit(500).forEach(c -> {
            if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)
                out.append(String.format("\\u%04X", c));
            else out.appendCodePoint(c);
        });
        return sql.codePointCount(0, sql.length()) > 500 ? out + "…" : out.toString();
    }

    /** RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they hold , " CR or LF. */
    public static String csv(PanelData data) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(
                        ",", data.columns().stream().map(SqlConsole::csvField).toList()))
                .append("\r\n");
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
