package cn.binjiang.union.dashboards;

import cn.binjiang.union.dashboards.alerts.AlertFeed;
import cn.binjiang.union.dashboards.api.ApiRoutes;
import cn.binjiang.union.dashboards.api.DataClock;
import cn.binjiang.union.dashboards.api.KpiDetail;
import cn.binjiang.union.dashboards.api.PanelService;
import cn.binjiang.union.dashboards.api.ReferenceData;
import cn.binjiang.union.dashboards.api.RequestRefused;
import cn.binjiang.union.dashboards.auth.LoginThrottle;
import cn.binjiang.union.dashboards.auth.Sessions;
import cn.binjiang.union.dashboards.auth.Users;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.dashboards.events.LiveEvents;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics;
import cn.binjiang.union.dashboards.metrics.DashboardMetrics.Caller;
import cn.binjiang.union.dashboards.model.Definitions;
import cn.binjiang.union.dashboards.report.MonthlyReport;
import cn.binjiang.union.dashboards.report.PrintLinks;
import cn.binjiang.union.dashboards.report.ReportRoutes;
import cn.binjiang.union.dashboards.sql.ConsoleRoutes;
import cn.binjiang.union.dashboards.sql.QueryBook;
import cn.binjiang.union.dashboards.sql.SavedQueryRoutes;
import cn.binjiang.union.dashboards.sql.SchemaBrowser;
import cn.binjiang.union.dashboards.sql.SqlConsole;
import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import cn.binjiang.union.dashboards.web.LoginRoutes;
import cn.binjiang.union.dashboards.web.SecurityHeaders;
import cn.binjiang.union.dashboards.web.WebPages;
import cn.binjiang.union.settings.ConfigurationException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.javalin.Javalin;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard server: dashboards and panels as JSON, behind a login. This class wires the parts and starts them:
 * the ClickHouse pools ({@link ClickHousePools}), the authentication filter (every API but login and health needs a
 * session, every state-changing request also its CSRF token: {@link AuthenticationFilter}), the routes of the pages
 * ({@link WebPages}), of logging in ({@link LoginRoutes}), of the pages' API ({@link ApiRoutes}, a street officer's
 * queries restricted to their street by {@link cn.binjiang.union.dashboards.api.PanelQuery}) and of the SQL console
 * ({@link ConsoleRoutes}), the live push ({@link LiveEvents}), and one answer for every refusal and failure.
 *
 * <p>Run: {@code DashboardServer [--config FILE] [--key value ...]} (keys in
 * {@link cn.binjiang.union.dashboards.config.DashboardOptions}).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final ClickHousePools pools;
    private final LiveEvents events;
    private final Javalin app;

    private DashboardServer(DashboardConfig config) {
        Definitions definitions = Definitions.load(config.kpiCatalog(), config.dashboardsDir());
        Users users = Users.load(config.usersFile());
        Sessions sessions = new Sessions(
                config.sessionSecret(),
                config.sessionTtl(),
                config.sessionIdleTimeout(),
                config.oneSessionPerUser(),
                Clock.systemUTC());
        LoginThrottle throttle = new LoginThrottle(
                config.maxFailedLogins(),
                config.maxFailedLoginsPerUser(),
                config.loginLockout(),
                Ticker.systemTicker());
        DashboardMetrics metrics = new DashboardMetrics();
        LoginRoutes login = new LoginRoutes(config, users, sessions, throttle, metrics);
        this.pools = new ClickHousePools(config);
        DataSource reader = pools.reader;
        DataClock clock = new DataClock(reader);
        PanelService panelService = new PanelService(reader);
        ApiRoutes api = new ApiRoutes(
                definitions,
                panelService,
                new ReferenceData(reader),
                clock,
                new KpiDetail(reader, clock),
                new AlertFeed(reader, pools.acks.map(DataSource.class::cast)));
        ReportRoutes reports = new ReportRoutes(
                new MonthlyReport(definitions, panelService, reader), new PrintLinks(Clock.systemUTC()), config);
        QueryBook queryBook = new QueryBook(config.sqlQueriesFile(), Clock.systemUTC());
        ConsoleRoutes console = new ConsoleRoutes(
                new SqlConsole(
                        pools::console,
                        config.sqlMaxExecutionTime(),
                        config.sqlMaxRows(),
                        config.sqlMaxQueriesPerUser(),
                        () -> metrics.clickhouseFailed(Caller.CONSOLE)),
                new SchemaBrowser(pools::console),
                queryBook);
        SavedQueryRoutes savedQueries = new SavedQueryRoutes(queryBook);
        this.events =
                new LiveEvents(reader, config.eventsPollInterval(), () -> metrics.clickhouseFailed(Caller.LIVE_EVENTS));
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jsonMapper(new JacksonJsonMapper(new ObjectMapper()));
            metrics.install(cfg);
            cfg.routes.before(new SecurityHeaders());
            cfg.routes.before(new AuthenticationFilter(sessions));
            cfg.routes.get(
                    "/",
                    ctx -> ctx.redirect(
                            WebPages.landing(AuthenticationFilter.session(ctx).user())));
            new WebPages(definitions)
                    .routes(cfg, ctx -> AuthenticationFilter.session(ctx).user());
            login.routes(cfg);
            api.routes(cfg);
            reports.routes(cfg);
            console.routes(cfg);
            savedQueries.routes(cfg);
            cfg.routes.sse(
                    "/api/events",
                    client -> events.connect(
                            client,
                            AuthenticationFilter.session(client.ctx()).user().scope()));
            cfg.routes.exception(RequestRefused.class, (e, ctx) -> {
                e.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
                ctx.status(e.status()).json(Map.of("error", e.getMessage()));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof SQLException || e.getCause() instanceof SQLException)
                    metrics.clickhouseFailed(Caller.API);
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
            server.pools.close();
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
        pools.close();
    }
}
