package cn.binjiang.union.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ClickHouse HTTP interface: {@code /ping} and queries on {@code /}, answered with ClickHouse's headers, each
 * query counted in {@link ServerMetrics}, which {@code /metrics} serves. Requests are handled on Jetty's request
 * threads, which may block: the engine's calls are blocking native calls.
 */
final class ClickHouseHttpHandler extends Handler.Abstract {
    static final String EXCEPTION_CODE_HEADER = "X-ClickHouse-Exception-Code";
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

    ClickHouseHttpHandler(
            Authenticator authenticator,
            QueryExecutor executor,
            HttpSessions sessions,
            ConnectionPool pool,
            Path spoolDir,
            String version,
            String timezone,
            ServerMetrics metrics) {
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
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            String path = request.getHttpURI().getPath();
            HttpQueryParameters params;
            boolean form = FormFields.present(request);
            try {
                params = HttpQueryParameters.parse(request.getHttpURI().getQuery());
                if (form) {
                    FormFields.read(request, spoolDir, params);
                }
            } catch (ClickHouseException e) {
                sendText(response, HttpErrorStatus.of(e.code()), e, callback);
                return true;
            }
            boolean get = request.getMethod().equalsIgnoreCase("GET")
                    || request.getMethod().equalsIgnoreCase("HEAD");
            if (path.equals("/ping") || path.equals("/") && get && params.get("query") == null) {
                sendText(response, 200, "text/html; charset=UTF-8", "Ok.\n", callback);
            } else if (path.equals("/metrics")) {
                // on the query port, unlike a real ClickHouse's separate prometheus.port: one port to open for the
                // local stack
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
                    metrics.scrape(out);
                }
                callback.succeeded();
            } else if (!path.equals("/")) {
                sendText(
                        response,
                        404,
                        "text/html; charset=UTF-8",
                        "There is no handle " + path + "\n\nUse / or /ping.\n",
                        callback);
            } else {
                query(request, response, params, get, form);
                callback.succeeded();
            }
        } catch (IOException | RuntimeException e) {
            // The answer had started (or the client went away): failing the callback aborts the connection, so
            // the client cannot take a truncated body for a whole one.
            callback.failed(e);
        }
        return true;
    }

    /** @param form the query and its parameters came as form fields, so the body holds no SQL or data of its own */
    private void query(Request request, Response jettyResponse, HttpQueryParameters params, boolean get, boolean form)
            throws IOException {
        HttpFields in = request.getHeaders();
        String queryId = firstNonNull(
                params.get("query_id"),
                in.get("X-ClickHouse-Query-Id"),
                UUID.randomUUID().toString());
        Optional<String> encoding = params.isOn("enable_http_compression")
                ? ContentEncoding.negotiate(in.get(HttpHeader.ACCEPT_ENCODING))
                : Optional.empty();
        QueryResponse response = new QueryResponse(jettyResponse, params.isOn("compress"), encoding, RESPONSE_BUFFER);
        response.header("X-ClickHouse-Query-Id", queryId);
        response.header("X-ClickHouse-Server-Display-Name", "chdb-embedded");
        response.header("X-ClickHouse-Timezone", params.settings().getOrDefault("session_timezone", timezone));
        QueryPlan plan = null;
        String sessionId = params.get("session_id");
        ServerMetrics.Query measured = metrics.started();
        try {
            UserDirectory.User user = authenticator.authenticate(in, params);
            InputStream body = form ? InputStream.nullInputStream() : RequestBody.of(request, params);
            plan = QueryPlan.read(params.get("query"), body, spoolDir);
            measured.read(plan.statement());
            plan.statement()
                    .settings()
                    .clauseValue("session_timezone")
                    .ifPresent(zone -> response.header("X-ClickHouse-Timezone", zone));
            String format = plan.statement().isInsert()
                    ? null
                    : plan.statement().formatClause().orElse(null);
            format = firstNonNull(format, in.get("X-ClickHouse-Format"), params.get("default_format"), "TabSeparated");
            response.header("X-ClickHouse-Format", format);
            response.header("Content-Type", contentType(format));
            Optional<String> database = Optional.ofNullable(
                            firstNonNull(params.get("database"), in.get("X-ClickHouse-Database")))
                    .map(d -> d.isEmpty() ? "default" : d);
            try (HttpSessions.Session session = sessionId == null
                    ? null
                    : sessions.use(
                            sessionId,
                            user.name(),
                            params.isOn("session_check"),
                            params.get("session_timeout"),
                            () -> pool.openDedicated(user.readOnly()))) {
                executor.run(
                        new QueryExecutor.Request(
                                plan,
                                database,
                                format,
                                params.settings(),
                                params.queryParameters(),
                                user,
                                get,
                                queryId,
                                Optional.ofNullable(session)),
                        response);
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
        if (f.startsWith("pretty")
                || f.equals("values")
                || f.equals("tskv")
                || f.equals("lineasstring")
                || f.equals("markdown")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    private void sendText(Response response, int status, ClickHouseException e, Callback callback) {
        response.getHeaders().put(EXCEPTION_CODE_HEADER, Integer.toString(e.code()));
        sendText(response, status, "text/plain; charset=UTF-8", e.toResponseText(version), callback);
    }

    private static void sendText(Response response, int status, String contentType, String text, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
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
