package cn.binjiang.union.dashboards;

import cn.binjiang.union.dashboards.alerts.AlertFeed;
import cn.binjiang.union.dashboards.api.PanelData;
import cn.binjiang.union.dashboards.api.PanelService;
import cn.binjiang.union.dashboards.api.ReferenceData;
import cn.binjiang.union.dashboards.api.RequestRefused;
import cn.binjiang.union.dashboards.auth.LoginThrottle;
import cn.binjiang.union.dashboards.auth.Sessions;
import cn.binjiang.union.dashboards.auth.Sessions.Session;
import cn.binjiang.union.dashboards.auth.User;
import cn.binjiang.union.dashboards.auth.Users;
import cn.binjiang.union.dashboards.config.ConfigurationException;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.dashboards.events.LiveEvents;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics.Caller;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics.LoginRefusal;
import cn.binjiang.union.dashboards.sql.SqlConsole;
import cn.binjiang.union.dashboards.model.Dashboard;
import cn.binjiang.union.dashboards.model.DashboardLoader;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.dashboards.web.NextPage;
import cn.binjiang.union.dashboards.web.WebPages;
import cn.binjiang.union.schema.kpi.DimensionColumn;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard server: dashboards and panels as JSON, behind a login. Every API but login and health
 * needs a session; every state-changing request also its CSRF token; a street officer's queries are
 * restricted to their street by the server ({@link cn.binjiang.union.dashboards.api.PanelQuery}).
 *
 * <p>Run: {@code DashboardServer [--config FILE] [--key value ...]} (keys in
 * {@link cn.binjiang.union.dashboards.config.DashboardOptions}).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    public static final String SESSION_COOKIE = "bjuk_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final Set<String> PUBLIC_PATHS = Set.of("/api/login", "/api/health", "/login", DashboardMetrics.PATH);
    static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String SESSION_ATTRIBUTE = "session";

    private final DashboardConfig config;
    private final Map<String, Dashboard> dashboards;
    private final Map<String, Panel> panels = new LinkedHashMap<>();
    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle loginThrottle;
    private final HikariDataSource dataSource;
    /** The console's pools: the district's (empty key) and, with sql.officer-clickhouse-user, one per street. */
    private final Map<Optional<String>, HikariDataSource> consolePools;
    /** Connections as {@code alerts.ack-user}, when set. */
    private final Optional<HikariDataSource> ackDataSource;
    private final PanelService panelService;
    private final ReferenceData referenceData;
    private final AlertFeed alerts;
    private final SqlConsole sqlConsole;
    private final LiveEvents events;
    private final ObjectMapper json = new ObjectMapper();
    private final DashboardMetrics metrics = new DashboardMetrics();
    private final Javalin app;

    private DashboardServer(DashboardConfig config) {
        this.config = config;
        this.dashboards = DashboardLoader.load(config.dashboardsDir());
        dashboards.values().forEach(d -> d.panels().forEach(p -> panels.put(p.id(), p)));
        this.users = Users.load(config.usersFile());
        this.sessions = new Sessions(config.sessionSecret(), config.sessionTtl(), config.sessionIdleTimeout(),
                config.oneSessionPerUser(), Clock.systemUTC());
        this.loginThrottle = new LoginThrottle(config.maxFailedLogins(), config.maxFailedLoginsPerUser(), config.loginLockout(),
                Ticker.systemTicker());
        this.dataSource = dataSource(config);
        this.panelService = new PanelService(dataSource);
        this.referenceData = new ReferenceData(dataSource);
        this.ackDataSource = ackDataSource(config);
        this.alerts = new AlertFeed(dataSource, ackDataSource.map(DataSource.class::cast));
        this.consolePools = consolePools(config);
        this.sqlConsole = new SqlConsole(street -> consolePools.getOrDefault(street, consolePools.get(Optional.empty())),
                config.sqlMaxExecutionTime(), config.sqlMaxRows(), config.sqlMaxQueriesPerUser(), () -> metrics.clickhouseFailed(Caller.CONSOLE));
        this.events = new LiveEvents(dataSource, config.eventsPollInterval(), () -> metrics.clickhouseFailed(Caller.LIVE_EVENTS));
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jsonMapper(new JacksonMapper(json));
            metrics.install(cfg);
            cfg.routes.before(this::securityHeaders);
            cfg.routes.before(this::authenticate);
            cfg.routes.get("/", ctx -> ctx.redirect(WebPages.landing(session(ctx).user())));
            new WebPages().routes(cfg, ctx -> session(ctx).user());
            cfg.routes.get("/api/health", ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.post("/api/login", this::login);
            cfg.routes.post("/api/logout", this::logout);
            cfg.routes.get("/api/session", ctx -> ctx.json(sessionJson(session(ctx))));
            cfg.routes.get("/api/dashboards", this::listDashboards);
            cfg.routes.get("/api/dashboards/{name}", this::dashboard);
            cfg.routes.get("/api/panels/{id}", this::panel);
            cfg.routes.get("/api/labels", ctx -> {
                session(ctx);
                ctx.json(referenceData.labels());
            });
            cfg.routes.get("/api/years", ctx -> {
                session(ctx);
                ctx.json(referenceData.years());
            });
            cfg.routes.get("/api/alerts", ctx -> ctx.json(alerts.current(session(ctx).user().view(ctx.queryParam("street")))));
            cfg.routes.post("/api/alerts/{id}/ack", this::acknowledge);
            cfg.routes.post("/api/sql", this::sql);
            cfg.routes.post("/api/sql/csv", this::sqlCsv);
            cfg.routes.get("/api/sql.csv", this::sqlCsv);
            cfg.routes.sse("/api/events", client -> events.connect(client, session(client.ctx()).user().scope()));
            cfg.routes.exception(RequestRefused.class, (e, ctx) -> {
                e.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
                ctx.status(e.status()).json(Map.of("error", e.getMessage()));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof SQLException || e.getCause() instanceof SQLException) metrics.clickhouseFailed(Caller.API);
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "服务器内部错误 (internal error)"));
            });
        });
    }

    /** Loads everything (dashboards, users, pools) and starts listening; any bad setting fails here. */
    public static DashboardServer start(DashboardConfig config) {
        DashboardServer server = new DashboardServer(config);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.events.close();
            server.closePools();
            throw e;
        }
        LOG.info("dashboard server on http://{}:{}/ ({})", config.host(), server.port(), config);
        return server;
    }

    public static void main(String[] args) {
        DashboardServer server;
        try {
            server = start(DashboardConfig.load(args, System.getenv()));
        } catch (ConfigurationException e) {
            System.err.println("dashboard server: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dashboard-stop"));
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        events.close();
        app.stop();
        closePools();
    }

    private void closePools() {
        dataSource.close();
        consolePools.values().forEach(HikariDataSource::close);
        ackDataSource.ifPresent(HikariDataSource::close);
    }

    // ---- filters ---------------------------------------------------------------------------------------

    private void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.path().startsWith("/api/")) ctx.header("Cache-Control", "no-store");
    }

    /**
     * Session on every non-public path (an API answers 401, a page sends the browser to the login page),
     * CSRF token on every state-changing request (403).
     */
    private void authenticate(Context ctx) {
        Optional<Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        session.ifPresent(s -> ctx.attribute(SESSION_ATTRIBUTE, s));
        if (PUBLIC_PATHS.contains(ctx.path()) || ctx.path().startsWith(WebPages.ASSETS)) return;
        if (session.isEmpty()) {
            if (ctx.path().startsWith("/api/")) throw new io.javalin.http.UnauthorizedResponse("请先登录 (login required)");
            ctx.redirect(WebPages.loginFor(ctx.path()));
            ctx.skipRemainingHandlers();
            return;
        }
        if (!SAFE_METHODS.contains(ctx.method())
                && !Sessions.constantTimeEquals(ctx.header(CSRF_HEADER), session.get().csrfToken())) {
            throw new io.javalin.http.ForbiddenResponse("CSRF token missing or wrong (header " + CSRF_HEADER + ")");
        }
    }

    private static Session session(Context ctx) {
        Session s = ctx.attribute(SESSION_ATTRIBUTE);
        if (s == null) throw new io.javalin.http.UnauthorizedResponse("请先登录 (login required)");
        return s;
    }

    // ---- handlers --------------------------------------------------------------------------------------

    /**
     * Login takes JSON only: a cross-site HTML form cannot send {@code application/json} without a CORS
     * preflight this server never grants, so another site cannot log a browser in (login CSRF). The
     * answer's {@code redirect} is where the login page sends the browser: the body's {@code next} if
     * {@link NextPage} finds it a path of this site, else {@code /}.
     */
    private void login(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.startsWith("application/json")) {
            ctx.status(415).json(Map.of("error", "login takes a JSON body {\"username\": ..., \"password\": ...}"));
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw new BadRequest("body is not JSON");
        }
        String username = body == null ? null : text(body.get("username"));
        String password = body == null ? null : text(body.get("password"));
        Optional<LoginThrottle.Lockout> lockout = loginThrottle.locked(username, ctx.ip());
        if (lockout.isPresent()) {
            metrics.loginRefused(LoginRefusal.LOCKED_OUT);
            LOG.warn("login of {} from {} refused: too many failed attempts {}", Users.forLog(username), ctx.ip(), switch (lockout.get()) {
                case ADDRESS -> "from this address";
                case USER -> "from all addresses together (per-user lockout)";
            });
            ctx.status(429).json(Map.of("error", "登录失败次数过多，请稍后再试 (too many failed logins; wait "
                    + config.loginLockout().toMinutes() + " min)"));
            return;
        }
        Optional<User> user = users.authenticate(username, password);
        if (user.isEmpty()) {
            loginThrottle.failed(username, ctx.ip());
            metrics.loginRefused(LoginRefusal.WRONG_PASSWORD);
            LOG.info("login refused for {} from {}", Users.forLog(username), ctx.ip());
            ctx.status(401).json(Map.of("error", "用户名或密码错误 (wrong username or password)"));
            return;
        }
        loginThrottle.succeeded(username, ctx.ip());
        Sessions.Opened opened = sessions.open(user.get());
        LOG.info("login of {} from {}{}", user.get().username(), ctx.ip(),
                opened.endedSessions() == 0 ? "" : " ended their " + opened.endedSessions() + " earlier session(s)");
        Cookie cookie = new Cookie(SESSION_COOKIE, opened.cookie(), "/", (int) config.sessionTtl().toSeconds(),
                config.secureCookie(), true, null, SameSite.STRICT);
        ctx.cookie(cookie);
        Map<String, Object> out = sessionJson(opened.session());
        out.put("redirect", NextPage.of(body == null ? null : text(body.get("next"))));
        ctx.json(out);
    }

    private void logout(Context ctx) {
        sessions.close(session(ctx));
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, config.secureCookie(), true, null, SameSite.STRICT));
        ctx.status(204);
    }

    private void listDashboards(Context ctx) {
        session(ctx);
        ctx.json(dashboards.values().stream().map(d -> Map.of("name", d.name(), "title", d.title())).toList());
    }

    private void dashboard(Context ctx) {
        Session s = session(ctx);
        Dashboard d = dashboards.get(ctx.pathParam("name"));
        if (d == null) throw new io.javalin.http.NotFoundResponse("no dashboard '" + ctx.pathParam("name") + "'");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("title", d.title());
        out.put("scope", scopeJson(s.user().scope()));
        out.put("panels", d.panels().stream().map(DashboardServer::panelJson).toList());
        ctx.json(out);
    }

    private void panel(Context ctx) throws Exception {
        Session s = session(ctx);
        Panel p = panels.get(ctx.pathParam("id"));
        if (p == null) throw new io.javalin.http.NotFoundResponse("no panel '" + ctx.pathParam("id") + "'");
        int year = year(ctx.queryParam("year"));
        Optional<String> street = s.user().view(ctx.queryParam("street"));
        PanelData data = panelService.data(p, year, street);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("panel", panelJson(p));
        out.put("year", year);
        out.put("scope", scopeJson(street));
        out.put("columns", data.columns());
        out.put("rows", data.rows());
        ctx.json(out);
    }

    private void acknowledge(Context ctx) throws Exception {
        Session s = session(ctx);
        String alertId = ctx.pathParam("id");
        String transition = alerts.acknowledge(alertId, s.user().username(), s.user().scope());
        LOG.info("alert {} ({}) acknowledged by {}", alertId, transition, s.user().username());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alertId", alertId);
        out.put("transitionId", transition);
        out.put("ackedBy", s.user().username());
        ctx.json(out);
    }

    /** The SQL console's query: a JSON body {@code {"sql": ...}}, or for the GET export the parameter {@code sql}. */
    private String sqlText(Context ctx) {
        if (ctx.method() == HandlerType.GET) {
            String q = ctx.queryParam("sql");
            if (q == null) throw new BadRequest("parameter 'sql' missing");
            return q;
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.startsWith("application/json")) throw new BadRequest("the SQL console takes a JSON body {\"sql\": \"...\"}");
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw new BadRequest("body is not JSON");
        }
        String sql = body == null ? null : text(body.get("sql"));
        if (sql == null) throw new BadRequest("body must be {\"sql\": \"...\"}");
        return sql;
    }

    private void sql(Context ctx) {
        Session s = session(ctx);
        String sql = sqlText(ctx);
        LOG.info("sql console: {} runs {}", s.user().username(), SqlConsole.logLine(sql));
        PanelData data = sqlConsole.run(s.user().username(), sql, s.user().scope());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", scopeJson(s.user().scope()));
        out.put("columns", data.columns());
        out.put("rows", data.rows());
        ctx.json(out);
    }

    /**
     * CSV export. The GET form carries the query in the URL, so it is as read-only as POST and a
     * cross-site page could only trigger it blindly (SameSite=Strict keeps the cookie off such requests).
     */
    private void sqlCsv(Context ctx) {
        Session s = session(ctx);
        String sql = sqlText(ctx);
        LOG.info("sql console csv: {} runs {}", s.user().username(), SqlConsole.logLine(sql));
        PanelData data = sqlConsole.run(s.user().username(), sql, s.user().scope());
        ctx.header("Content-Disposition", "attachment; filename=\"query.csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(SqlConsole.csv(data).getBytes(StandardCharsets.UTF_8));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    static int year(String text) {
        if (text == null || text.isBlank()) return LocalDate.now(KpiCalendar.ZONE).getYear();
        try {
            int y = Integer.parseInt(text.strip());
            if (y >= 2000 && y <= 2100) return y;
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new BadRequest("year must be a year 2000..2100, got '" + text + "'");
    }

    private static Map<String, Object> sessionJson(Session s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", s.user().username());
        out.put("name", s.user().displayName());
        out.put("role", s.user().role().name().toLowerCase(java.util.Locale.ROOT));
        out.put("street", s.user().street().orElse(null));
        out.put("csrfToken", s.csrfToken());
        return out;
    }

    private static Map<String, Object> scopeJson(Optional<String> street) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("street", street.orElse(null));
        return out;
    }

    static Map<String, Object> panelJson(Panel p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("title", p.title());
        out.put("chart", p.chart().name().toLowerCase(java.util.Locale.ROOT));
        out.put("kpis", p.kpis().stream().map(k -> DashboardLoader.CATALOG.byId(k).map(kpi -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", kpi.id());
            m.put("name", kpi.nameZh());
            m.put("unit", kpi.unit());
            m.put("hasTarget", kpi.target().isPresent());
            return m;
        }).orElseThrow()).toList());
        out.put("sql", p.isSql());
        out.put("dimensions", p.dimensions().stream().map(DimensionColumn::column).toList());
        out.put("grain", p.grain().name().toLowerCase(java.util.Locale.ROOT));
        out.put("refreshSeconds", Math.max(1, p.refresh().toSeconds()));
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.asText();
    }

    static HikariDataSource dataSource(DashboardConfig config) {
        return pool("clickhouse-reader", config, config.clickhouseUser(), config.clickhousePassword(),
                config.clickhousePoolSize(), config.clickhouseConnectTimeout());
    }

    /**
     * The SQL console's own pools, so that console queries never hold the panels' connections: the district's, and
     * with {@code sql.officer-clickhouse-user} one per street as that street's ClickHouse user, whose row policies
     * on a real ClickHouse scope every read (infra/clickhouse/users.sql). Pools open no connection until used.
     */
    static Map<Optional<String>, HikariDataSource> consolePools(DashboardConfig config) {
        Map<Optional<String>, HikariDataSource> pools = new LinkedHashMap<>();
        pools.put(Optional.empty(), pool("clickhouse-console", config, config.sqlClickhouseUser(), config.sqlClickhousePassword(),
                config.sqlPoolSize(), config.sqlPoolWait()));
        config.sqlOfficerClickhouseUser().ifPresent(template -> Users.STREETS.stream().sorted().forEach(street ->
                pools.put(Optional.of(street), pool("clickhouse-console-" + street, config, template.replace("{street}", street),
                        config.sqlOfficerClickhousePassword(), config.sqlPoolSize(), config.sqlPoolWait()))));
        return Map.copyOf(pools);
    }

    /** The acknowledgements' pool, as {@code alerts.ack-user}: one connection, as AlertFeed writes one at a time. */
    static Optional<HikariDataSource> ackDataSource(DashboardConfig config) {
        return config.ackUser().map(user -> pool("clickhouse-acks", config, user, config.ackPassword(), 1,
                config.clickhouseConnectTimeout()));
    }

    private static HikariDataSource pool(String name, DashboardConfig config, String user, String password, int size,
            java.time.Duration wait) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(config.clickhouseUrl());
        h.setUsername(user);
        h.setPassword(password);
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(0);
        h.setConnectionTimeout(wait.toMillis());
        // the server starts even if ClickHouse is not up yet; panels answer 500 until it is
        h.setInitializationFailTimeout(-1);
        // no client-side retries: the driver would otherwise re-run a query ClickHouse stopped at
        // max_execution_time (three more times), so a console time limit of N s would take 4N s; and an
        // acknowledgement's INSERT sent again after a lost answer could write its row twice
        h.addDataSourceProperty("retry", "0");
        return new HikariDataSource(h);
    }

    /** A 400 with a message for the caller. */
    static final class BadRequest extends RequestRefused {
        BadRequest(String message) {
            super(400, message);
        }
    }

    /** Javalin's JSON through Jackson 2 (the project's Jackson). */
    private record JacksonMapper(ObjectMapper mapper) implements JsonMapper {
        @Override
        public String toJsonString(Object obj, Type type) {
            try {
                return mapper.writeValueAsString(obj);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public <T> T fromJsonString(String text, Type type) {
            try {
                return mapper.readValue(text, mapper.constructType(type));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
