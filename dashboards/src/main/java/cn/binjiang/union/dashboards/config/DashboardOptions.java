package cn.binjiang.union.dashboards.config;

import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.Endpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Every setting of the dashboard server, in one place: key, default, meaning. */
public final class DashboardOptions {
    public enum Mode {
        DEMO,
        PRODUCTION
    }

    private DashboardOptions() {}

    public static final DashboardOption<Mode> MODE = new DashboardOption<>(
            "server.mode",
            "production",
            s -> Mode.valueOf(s.trim().toUpperCase(Locale.ROOT)),
            "demo allows the built-in session secret, the bundled demo users and a session cookie without Secure; production refuses all three");
    public static final DashboardOption<String> HOST = new DashboardOption<>(
            "server.host", "127.0.0.1", DashboardOptions::nonBlank, "interface the HTTP server binds to");
    public static final DashboardOption<Integer> PORT =
            new DashboardOption<>("server.port", "8080", s -> port(s), "HTTP port (0 = any free port)");
    public static final DashboardOption<String> CLICKHOUSE_URL = new DashboardOption<>(
            "clickhouse.url", Endpoints.CLICKHOUSE_URL, DashboardOptions::nonBlank, "JDBC URL of ClickHouse");
    public static final DashboardOption<String> CLICKHOUSE_USER = new DashboardOption<>(
            "clickhouse.user",
            "reader",
            DashboardOptions::nonBlank,
            "ClickHouse user: a read-only one (the local stack's `reader`)");
    public static final DashboardOption<String> CLICKHOUSE_PASSWORD = new DashboardOption<>(
            "clickhouse.password", "reader", s -> s, "its password (environment CLICKHOUSE_PASSWORD overrides)");
    public static final DashboardOption<Integer> CLICKHOUSE_POOL_SIZE = new DashboardOption<>(
            "clickhouse.pool-size",
            "8",
            s -> positive(Integer.parseInt(s.trim())),
            "maximum pooled ClickHouse connections");
    public static final DashboardOption<Duration> CLICKHOUSE_CONNECT_TIMEOUT = new DashboardOption<>(
            "clickhouse.connect-timeout",
            "5s",
            DashboardOptions::duration,
            "how long a request waits for a pooled connection");
    public static final DashboardOption<String> SESSION_SECRET = new DashboardOption<>(
            "session.secret",
            null,
            s -> s,
            "key that signs session cookies and CSRF tokens, at least 32 bytes (environment DASHBOARD_SESSION_SECRET); required in production");
    public static final DashboardOption<Duration> SESSION_TTL = new DashboardOption<>(
            "session.ttl", "8h", DashboardOptions::duration, "a session's lifetime after login, however busy");
    public static final DashboardOption<Duration> SESSION_IDLE_TIMEOUT = new DashboardOption<>(
            "session.idle-timeout",
            "30m",
            DashboardOptions::duration,
            "a session no request has used for this long ends (each request with it starts the wait again)");
    public static final DashboardOption<Boolean> SESSION_ONE_PER_USER = new DashboardOption<>(
            "session.one-per-user",
            "true",
            DashboardOptions::bool,
            "a login ends the user's earlier sessions (false: a user may be logged in from several browsers at once)");
    public static final DashboardOption<Boolean> SESSION_SECURE_COOKIE = new DashboardOption<>(
            "session.secure-cookie",
            null,
            DashboardOptions::bool,
            "mark the session cookie Secure (sent over HTTPS only): always in production mode, where false is refused;"
                    + " in demo mode only when set to true (the local stack is plain HTTP on the loopback)");
    public static final DashboardOption<Path> USERS_FILE = new DashboardOption<>(
            "auth.users-file",
            null,
            s -> Path.of(nonBlank(s)),
            "YAML file of users, roles, streets and bcrypt password hashes; required in production (demo: the bundled demo users)");
    public static final DashboardOption<Integer> MAX_FAILED_LOGINS = new DashboardOption<>(
            "auth.max-failed-logins",
            "5",
            s -> positive(Integer.parseInt(s.trim())),
            "wrong passwords for one user from one address before that user is locked out from that address");
    public static final DashboardOption<Integer> MAX_FAILED_LOGINS_PER_USER = new DashboardOption<>(
            "auth.max-failed-logins-per-user",
            "20",
            s -> positive(Integer.parseInt(s.trim())),
            "wrong passwords for one user from all addresses together before that user is locked out everywhere; at least auth.max-failed-logins"
                    + " (anyone can lock a user out by guessing this often: keep it well above the per-address limit)");
    public static final DashboardOption<Duration> LOGIN_LOCKOUT = new DashboardOption<>(
            "auth.lockout",
            "10m",
            DashboardOptions::duration,
            "how long a lockout lasts, counted from its last failure (429 meanwhile)");
    public static final DashboardOption<Path> DASHBOARDS_DIR = new DashboardOption<>(
            "dashboards.dir",
            null,
            s -> Path.of(nonBlank(s)),
            "directory of dashboard YAML files; unset = the bundled ones (dashboards/*.yaml on the classpath)");

    public static final DashboardOption<Path> KPI_CATALOG = new DashboardOption<>(
            "kpi.catalog",
            null,
            s -> Path.of(nonBlank(s)),
            "the KPI catalog file the KPI job computes (its kpi.catalog); unset = the jar's. Read again when it or a"
                    + " dashboards.dir file changes: a KPI added to it and to a panel shows without a restart");

    public static final DashboardOption<Duration> SQL_MAX_EXECUTION_TIME = new DashboardOption<>(
            "sql.max-execution-time",
            "10s",
            DashboardOptions::duration,
            "SQL console: how long the console waits for a query (the JDBC time-out; the console user's profile holds the engine's max_execution_time)");
    public static final DashboardOption<Integer> SQL_MAX_ROWS = new DashboardOption<>(
            "sql.max-rows",
            "10000",
            s -> positive(Integer.parseInt(s.trim())),
            "SQL console: most rows a result may have (more is an error, not a cut)");
    public static final DashboardOption<String> SQL_CLICKHOUSE_USER = new DashboardOption<>(
            "sql.clickhouse-user",
            null,
            DashboardOptions::nonBlank,
            "SQL console: the read-only ClickHouse user of its own pool, whose profile holds the console's limits (the local stack's `console`); unset = clickhouse.user");
    public static final DashboardOption<String> SQL_CLICKHOUSE_PASSWORD = new DashboardOption<>(
            "sql.clickhouse-password",
            null,
            s -> s,
            "its password (environment SQL_CLICKHOUSE_PASSWORD overrides); unset = clickhouse.password");
    public static final DashboardOption<String> SQL_OFFICER_CLICKHOUSE_USER = new DashboardOption<>(
            "sql.officer-clickhouse-user",
            null,
            DashboardOptions::streetTemplate,
            "SQL console: a street officer's ClickHouse user, {street} standing for their street (e.g. console_{street}: the users of infra/clickhouse/users.sql whose row policies scope them); unset = sql.clickhouse-user");
    public static final DashboardOption<String> SQL_OFFICER_CLICKHOUSE_PASSWORD = new DashboardOption<>(
            "sql.officer-clickhouse-password",
            null,
            s -> s,
            "their password (environment SQL_OFFICER_CLICKHOUSE_PASSWORD overrides); unset = sql.clickhouse-password");
    public static final DashboardOption<Integer> SQL_POOL_SIZE = new DashboardOption<>(
            "sql.pool-size",
            "4",
            s -> positive(Integer.parseInt(s.trim())),
            "SQL console: connections of its own pool (the panels keep theirs)");
    public static final DashboardOption<Duration> SQL_POOL_WAIT = new DashboardOption<>(
            "sql.pool-wait",
            "2s",
            DashboardOptions::duration,
            "SQL console: how long a query waits for a free console connection before the answer is 503 busy");
    public static final DashboardOption<Integer> SQL_MAX_QUERIES_PER_USER = new DashboardOption<>(
            "sql.max-queries-per-user",
            "1",
            s -> positive(Integer.parseInt(s.trim())),
            "SQL console: queries one user may run at once (one more is 429 with Retry-After)");
    public static final DashboardOption<Path> SQL_QUERIES_FILE = new DashboardOption<>(
            "sql.queries-file",
            null,
            s -> Path.of(nonBlank(s)),
            "SQL console: JSON file of each user's query history and the saved queries (none: kept in memory, lost on restart)");
    public static final DashboardOption<Duration> EVENTS_POLL_INTERVAL = new DashboardOption<>(
            "events.poll-interval",
            "300ms",
            DashboardOptions::duration,
            "live push: how often kpi_values and the alerts are polled for changes");
    public static final DashboardOption<String> ACK_USER = new DashboardOption<>(
            "alerts.ack-user",
            null,
            DashboardOptions::nonBlank,
            "ClickHouse user that records alert acknowledgements (INSERT on alert_acks is all it needs); unset = acknowledging is off (503)");
    public static final DashboardOption<String> ACK_PASSWORD = new DashboardOption<>(
            "alerts.ack-password", "", s -> s, "its password (environment ALERTS_ACK_PASSWORD overrides)");

    public static final List<DashboardOption<?>> ALL = List.of(
            MODE,
            HOST,
            PORT,
            CLICKHOUSE_URL,
            CLICKHOUSE_USER,
            CLICKHOUSE_PASSWORD,
            CLICKHOUSE_POOL_SIZE,
            CLICKHOUSE_CONNECT_TIMEOUT,
            SESSION_SECRET,
            SESSION_TTL,
            SESSION_IDLE_TIMEOUT,
            SESSION_ONE_PER_USER,
            SESSION_SECURE_COOKIE,
            USERS_FILE,
            MAX_FAILED_LOGINS,
            MAX_FAILED_LOGINS_PER_USER,
            LOGIN_LOCKOUT,
            DASHBOARDS_DIR,
            KPI_CATALOG,
            SQL_MAX_EXECUTION_TIME,
            SQL_MAX_ROWS,
            SQL_CLICKHOUSE_USER,
            SQL_CLICKHOUSE_PASSWORD,
            SQL_OFFICER_CLICKHOUSE_USER,
            SQL_OFFICER_CLICKHOUSE_PASSWORD,
            SQL_POOL_SIZE,
            SQL_POOL_WAIT,
            SQL_MAX_QUERIES_PER_USER,
            SQL_QUERIES_FILE,
            EVENTS_POLL_INTERVAL,
            ACK_USER,
            ACK_PASSWORD);

    static String nonBlank(String s) {
        if (s == null || s.isBlank()) throw new ConfigurationException("must not be blank");
        return s.trim();
    }

    static String streetTemplate(String s) {
        if (!nonBlank(s).contains("{street}"))
            throw new ConfigurationException("must contain {street}, got '" + s.trim() + "'");
        return s.trim();
    }

    static int port(String s) {
        int p = Integer.parseInt(s.trim());
        if (p < 0 || p > 65535) throw new ConfigurationException("must be a port 0..65535, got " + p);
        return p;
    }

    static int positive(int n) {
        if (n < 1) throw new ConfigurationException("must be at least 1, got " + n);
        return n;
    }

    static boolean bool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException("must be true or false, got '" + s + "'");
        };
    }

    /** {@code 500ms}, {@code 5s}, {@code 10m}, {@code 8h}, {@code 1d}; positive. */
    public static Duration duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(t);
        if (!m.matches())
            throw new ConfigurationException("must be a duration like 500ms, 5s, 10m, 8h, got '" + s + "'");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) throw new ConfigurationException("must be a positive duration, got '" + s + "'");
        return d;
    }
}
