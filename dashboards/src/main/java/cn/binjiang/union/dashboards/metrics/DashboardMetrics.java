package cn.binjiang.union.dashboards.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * The dashboard server's figures for Prometheus, served on {@code GET /metrics} in the text format: requests
 * and their latency per route and status, ClickHouse queries that failed per caller, refused logins per reason,
 * and the JVM's. Labels are route templates ({@code /api/panels/{id}}, never the path asked for), statuses and
 * fixed reasons: nothing names a user, an address, a street or a figure, so the endpoint needs no login
 * (SECURITY.md), and a scanner asking for random paths adds no series.
 */
public final class DashboardMetrics {
    public static final String PATH = "/metrics";
    /** The route label of a request for a path no route serves (a 404, or a static asset). */
    static final String NO_ROUTE = "unmatched";

    /** Who ran a ClickHouse query that failed. */
    public enum Caller {
        /** a panel, the labels, the years or the alert feed, for a page */
        API,
        /** the SQL console: its failures include analysts' own mistakes (syntax, unknown columns, limits) */
        CONSOLE,
        /** the live push's poll of kpi_values and the alert tables */
        LIVE_EVENTS
    }

    /** Why a login was refused. */
    public enum LoginRefusal {
        WRONG_PASSWORD,
        LOCKED_OUT
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder()
            .name("dashboard_http_requests_total")
            .help("HTTP requests answered, by method, route template and status")
            .labelNames("method", "route", "status")
            .register(registry);
    private final Histogram latency = Histogram.builder()
            .name("dashboard_http_request_duration_seconds")
            .help(
                    "Time to answer an HTTP request, by method and route template (an SSE stream: its life, counted when it ends)")
            .labelNames("method", "route")
            .classicOnly()
            .register(registry);
    private final Counter clickhouseErrors = Counter.builder()
            .name("dashboard_clickhouse_query_errors_total")
            .help("ClickHouse queries that failed, by caller")
            .labelNames("caller")
            .register(registry);
    private final Counter loginsRefused = Counter.builder()
            .name("dashboard_logins_refused_total")
            .help("Logins refused, by reason")
            .labelNames("reason")
            .register(registry);

    private JavalinState server;

    public DashboardMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /** Counts every request as it ends and serves {@link #PATH}. */
    public void install(JavalinConfig cfg) {
        server = cfg.unsafe;
        cfg.requestLogger.http((ctx, millis) -> answered(ctx, millis));
        cfg.routes.get(PATH, this::scrape);
    }

    public void clickhouseFailed(Caller caller) {
        clickhouseErrors.labelValues(label(caller)).inc();
    }

    public void loginRefused(LoginRefusal reason) {
        loginsRefused.labelValues(label(reason)).inc();
    }

    private void answered(Context ctx, float millis) {
        String method = ctx.method().name();
        String route = route(ctx);
        requests.labelValues(method, route, Integer.toString(ctx.statusCode())).inc();
        latency.labelValues(method, route).observe(millis / 1000.0);
    }

    /**
     * The template of the route the request was for. A request refused before its route ran (no session: a 401, or
     * the login page) has matched none yet, so the router is asked which one serves its path.
     */
    private String route(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched != null) return matched.path;
        ParsedEndpoint serving = server.internalRouter.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
        return serving == null ? NO_ROUTE : serving.endpoint.path;
    }

    private void scrape(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        text.write(out, registry.scrape());
        ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
