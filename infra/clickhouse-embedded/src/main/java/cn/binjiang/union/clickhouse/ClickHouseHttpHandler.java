package cn.binjiang.union.clickhouse;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ClickHouse HTTP interface: {@code /ping} and queries on {@code /}, answered with ClickHouse's headers, each
 * query counted in {@link ServerMetrics}.
 */
final class ClickHouseHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseHttpHandler.class);
    /** Like ClickHouse's http_response_buffer_size: errors within this much output still get an error status. */
    private static final int RESPONSE_BUFFER = 1 << 20;

    private final Authenticator authenticator;
    private final QueryExecutor executor;
    private final HttpSessions sessions;
    private final ConnectionPool pool;
    private final Path spoolDir;
    private final String version;
    private final String timezone;
    private final ServerMetrics metrics;

    ClickHouseHttpHandler(Authenticator authenticator, QueryExecutor executor, HttpSessions sessions, ConnectionPool pool,
            Path spoolDir, String version, String timezone, ServerMetrics metrics) {
        this.authenticator = authenticator;
        this.executor = executor;
        this.sessions = sessions;
        this.pool = pool;
        this.spoolDir = spoolDir;
        this.version = version;
        this.timezone = timezone;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            HttpQueryParameters params = HttpQueryParameters.parse(exchange.getRequestURI().getRawQuery());
            boolean get = exchange.getRequestMethod().equalsIgnoreCase("GET") || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
            if (path.equals("/ping") || path.equals("/") && get && params.get("query") == null) {
                sendText(exchange, 200, "Ok.\n");
            } else if (!path.equals("/")) {
                sendText(exchange, 404, "There is no handle " + path + "\n\nUse / or /ping.\n");
            } else {
                query(exchange, params, get);
            }
        }
    }

    private void query(HttpExchange exchange, HttpQueryParameters params, boolean get) throws IOException {
        Headers in = exchange.getRequestHeaders();
        String queryId = firstNonNull(params.get("query_id"), in.getFirst("X-ClickHouse-Query-Id"), UUID.randomUUID().toString());
        Optional<String> encoding = params.isOn("enable_http_compression")
                ? ContentEncoding.negotiate(in.getFirst("Accept-Encoding")) : Optional.empty();
        QueryResponse response = new QueryResponse(exchange, params.isOn("compress"), encoding, RESPONSE_BUFFER);
        response.header("X-ClickHouse-Query-Id", queryId);
        response.header("X-ClickHouse-Server-Display-Name", "chdb-embedded");
        response.header("X-ClickHouse-Timezone", params.settings().getOrDefault("session_timezone", timezone));
        QueryPlan plan = null;
        String sessionId = params.get("session_id");
        ServerMetrics.Query measured = metrics.started();
        try {
            UserDirectory.User user = authenticator.authenticate(in, params);
            plan = QueryPlan.read(params.get("query"), requestBody(exchange, params), spoolDir);
            measured.read(plan.statement());
            String format = plan.statement().isInsert() ? null : plan.statement().formatClause().orElse(null);
            format = firstNonNull(format, in.getFirst("X-ClickHouse-Format"), params.get("default_format"), "TabSeparated");
            response.header("X-ClickHouse-Format", format);
            response.header("Content-Type", contentType(format));
            Optional<String> database = Optional.ofNullable(firstNonNull(params.get("database"), in.getFirst("X-ClickHouse-Database")))
                    .map(d -> d.isEmpty() ? "default" : d);
            try (HttpSessions.Session session = sessionId == null ? null
                    : sessions.use(sessionId, user.name(), params.isOn("session_check"), params.get("session_timeout"),
                            () -> pool.openDedicated(user.readOnly()))) {
                executor.run(new QueryExecutor.Request(plan, database, format, params.settings(), params.queryParameters(), user, get,
                        queryId, Optional.ofNullable(session)), response);
            }
        } catch (ClickHouseException e) {
            LOG.debug("query {} failed: {}", queryId, e.getMessage());
            measured.failed(e.code());
            response.fail(e, version);
        } catch (RuntimeException e) {
            LOG.error("query {} failed inside the server", queryId, e);
            measured.failed(ClickHouseException.UNKNOWN_EXCEPTION);
            response.fail(new ClickHouseException(ClickHouseException.UNKNOWN_EXCEPTION, e.toString()), version);
        } finally {
            measured.finished(response.stats());
            if (plan != null) {
                plan.discard();
            }
        }
    }

    private static InputStream requestBody(HttpExchange exchange, HttpQueryParameters params) throws IOException {
        InputStream body = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            body = ContentEncoding.decoder(encoding, body);
        }
        return params.isOn("decompress") ? new CompressedBlockInputStream(body) : body;
    }

    private static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json") || f.equals("ndjson")) {
            return "application/json; charset=UTF-8";
        }
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8; header=absent";
        }
        if (f.startsWith("pretty") || f.equals("values") || f.equals("tskv") || f.equals("lineasstring") || f.equals("markdown")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
