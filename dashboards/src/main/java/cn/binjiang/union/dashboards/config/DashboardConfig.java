package cn.binjiang.union.dashboards.config;

import cn.binjiang.union.dashboards.config.DashboardOptions.Mode;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.settings.SettingsReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The server's settings, read in rising precedence from the defaults in {@link DashboardOptions}, a YAML
 * file ({@code --config FILE}, nested or dotted keys), {@code --key value} arguments, and the environment
 * for secrets ({@code DASHBOARD_SESSION_SECRET}, {@code CLICKHOUSE_PASSWORD}, {@code SQL_CLICKHOUSE_PASSWORD},
 * {@code SQL_OFFICER_CLICKHOUSE_PASSWORD}, {@code ALERTS_ACK_PASSWORD}). Everything is checked here:
 * an unknown key or a bad value stops the server at start naming the key.
 */
public record DashboardConfig(
        Mode mode,
        String host,
        int port,
        String clickhouseUrl,
        String clickhouseUser,
        String clickhousePassword,
        int clickhousePoolSize,
        Duration clickhouseConnectTimeout,
        String sessionSecret,
        Duration sessionTtl,
        Duration sessionIdleTimeout,
        boolean oneSessionPerUser,
        boolean secureCookie,
        Optional<Path> usersFile,
        int maxFailedLogins,
        int maxFailedLoginsPerUser,
        Duration loginLockout,
        Optional<Path> dashboardsDir,
        Optional<Path> kpiCatalog,
        Duration sqlMaxExecutionTime,
        int sqlMaxRows,
        String sqlClickhouseUser,
        String sqlClickhousePassword,
        Optional<String> sqlOfficerClickhouseUser,
        String sqlOfficerClickhousePassword,
        int sqlPoolSize,
        Duration sqlPoolWait,
        int sqlMaxQueriesPerUser,
        Optional<Path> sqlQueriesFile,
        Duration eventsPollInterval,
        Optional<String> ackUser,
        String ackPassword) {

    /** Lets the demo run out of the box; refused in production. */
    public static final String DEMO_SESSION_SECRET = "demo-only-session-secret-not-for-production-0123456789";

    public static final int MIN_SECRET_BYTES = 32;
    static final Map<String, String> SECRET_ENV = Map.of(
            "DASHBOARD_SESSION_SECRET", DashboardOptions.SESSION_SECRET.key(),
            "CLICKHOUSE_PASSWORD", DashboardOptions.CLICKHOUSE_PASSWORD.key(),
            "ALERTS_ACK_PASSWORD", DashboardOptions.ACK_PASSWORD.key(),
            "SQL_CLICKHOUSE_PASSWORD", DashboardOptions.SQL_CLICKHOUSE_PASSWORD.key(),
            "SQL_OFFICER_CLICKHOUSE_PASSWORD", DashboardOptions.SQL_OFFICER_CLICKHOUSE_PASSWORD.key());

    public DashboardConfig {
        if (clickhousePassword == null) clickhousePassword = "";
        if (ackPassword == null) ackPassword = "";
    }

    public static DashboardConfig load(String[] args, Map<String, String> env) {
        return fromMap(SettingsReader.read(args, env, SECRET_ENV));
    }

    /** Builds and checks the configuration from flat settings (key → text). */
    public static DashboardConfig fromMap(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (DashboardOptions.ALL.stream().noneMatch(o -> o.key().equals(key))) {
                throw new ConfigurationException("unknown setting '" + key + "'");
            }
        }
        Mode mode = get(settings, DashboardOptions.MODE);
        String secret = get(settings, DashboardOptions.SESSION_SECRET);
        String secretKey = DashboardOptions.SESSION_SECRET.key();
        if (secret == null || secret.isBlank()) {
            if (mode == Mode.PRODUCTION) {
                throw new ConfigurationException(secretKey
                        + ": required in production mode (set the DASHBOARD_SESSION_SECRET environment variable, at least "
                        + MIN_SECRET_BYTES + " bytes)");
            }
            secret = DEMO_SESSION_SECRET;
        }
        if (mode == Mode.PRODUCTION && secret.equals(DEMO_SESSION_SECRET)) {
            throw new ConfigurationException(secretKey + ": the built-in demo secret is refused in production mode");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigurationException(secretKey + ": must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        Path users = get(settings, DashboardOptions.USERS_FILE);
        if (users == null && mode == Mode.PRODUCTION) {
            throw new ConfigurationException(DashboardOptions.USERS_FILE.key()
                    + ": required in production mode (the bundled demo users are for the demo only)");
        }
        Boolean secureCookie = get(settings, DashboardOptions.SESSION_SECURE_COOKIE);
        if (mode == Mode.PRODUCTION && Boolean.FALSE.equals(secureCookie)) {
            // over plain HTTP the cookie, and with it the session, is readable by anyone on the network path
            throw new ConfigurationException(
                    DashboardOptions.SESSION_SECURE_COOKIE.key() + ": false is refused in production mode"
                            + " (the session cookie is always Secure there: serve the dashboard over HTTPS, or behind a proxy that does)");
        }
        int maxFailedLogins = get(settings, DashboardOptions.MAX_FAILED_LOGINS);
        int maxFailedLoginsPerUser = get(settings, DashboardOptions.MAX_FAILED_LOGINS_PER_USER);
        if (maxFailedLoginsPerUser < maxFailedLogins) {
            // the per-address limit would never be reached: every user would be locked out everywhere first
            throw new ConfigurationException(DashboardOptions.MAX_FAILED_LOGINS_PER_USER.key() + ": must be at least "
                    + DashboardOptions.MAX_FAILED_LOGINS.key() + " (" + maxFailedLogins + "), got "
                    + maxFailedLoginsPerUser);
        }
        return new DashboardConfig(
                mode,
                get(settings, DashboardOptions.HOST),
                get(settings, DashboardOptions.PORT),
                get(settings, DashboardOptions.CLICKHOUSE_URL),
                get(settings, DashboardOptions.CLICKHOUSE_USER),
                get(settings, DashboardOptions.CLICKHOUSE_PASSWORD),
                get(settings, DashboardOptions.CLICKHOUSE_POOL_SIZE),
                get(settings, DashboardOptions.CLICKHOUSE_CONNECT_TIMEOUT),
                secret,
                get(settings, DashboardOptions.SESSION_TTL),
                get(settings, DashboardOptions.SESSION_IDLE_TIMEOUT),
                get(settings, DashboardOptions.SESSION_ONE_PER_USER),
                mode == Mode.PRODUCTION || Boolean.TRUE.equals(secureCookie),
                Optional.ofNullable(users),
                maxFailedLogins,
                maxFailedLoginsPerUser,
                get(settings, DashboardOptions.LOGIN_LOCKOUT),
                Optional.ofNullable(get(settings, DashboardOptions.DASHBOARDS_DIR)),
                Optional.ofNullable(get(settings, DashboardOptions.KPI_CATALOG)),
                get(settings, DashboardOptions.SQL_MAX_EXECUTION_TIME),
                get(settings, DashboardOptions.SQL_MAX_ROWS),
                Optional.ofNullable(get(settings, DashboardOptions.SQL_CLICKHOUSE_USER))
                        .orElse(get(settings, DashboardOptions.CLICKHOUSE_USER)),
                Optional.ofNullable(get(settings, DashboardOptions.SQL_CLICKHOUSE_PASSWORD))
                        .orElse(get(settings, DashboardOptions.CLICKHOUSE_PASSWORD)),
                Optional.ofNullable(get(settings, DashboardOptions.SQL_OFFICER_CLICKHOUSE_USER)),
                Optional.ofNullable(get(settings, DashboardOptions.SQL_OFFICER_CLICKHOUSE_PASSWORD))
                        .or(() -> Optional.ofNullable(get(settings, DashboardOptions.SQL_CLICKHOUSE_PASSWORD)))
                        .orElse(get(settings, DashboardOptions.CLICKHOUSE_PASSWORD)),
                get(settings, DashboardOptions.SQL_POOL_SIZE),
                get(settings, DashboardOptions.SQL_POOL_WAIT),
                get(settings, DashboardOptions.SQL_MAX_QUERIES_PER_USER),
                Optional.ofNullable(get(settings, DashboardOptions.SQL_QUERIES_FILE)),
                get(settings, DashboardOptions.EVENTS_POLL_INTERVAL),
                Optional.ofNullable(get(settings, DashboardOptions.ACK_USER)),
                get(settings, DashboardOptions.ACK_PASSWORD));
    }

    private static <T> T get(Map<String, String> settings, DashboardOption<T> option) {
        String text = settings.getOrDefault(option.key(), option.defaultValue());
        return text == null ? null : option.parse(text);
    }

    @Override
    public String toString() {
        return "DashboardConfig[mode=" + mode + ", " + host + ":" + port + ", clickhouse=" + clickhouseUrl + " as "
                + clickhouseUser + ", users=" + usersFile.map(Path::toString).orElse("(demo users)") + "]";
    }
}
