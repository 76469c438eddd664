package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A logged-in HTTP client of a test server, and the test server on a fresh migrated database. */
record ItClient(String base, String cookie, String csrf) {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A fresh database with the schema and {@link DashboardApiIT#DATASET}; returns its name. */
    static String freshDatabase(TestClickHouse clickhouse, String prefix) throws Exception {
        return freshDatabase(clickhouse, prefix, DashboardApiIT.DATASET);
    }

    /**
     * A fresh database with the schema and {@code dataset} (statements ending in ";\n"), then {@code more} statements;
     * returns its name.
     */
    static String freshDatabase(TestClickHouse clickhouse, String prefix, String dataset, String... more)
            throws Exception {
        String db = clickhouse.freshDatabase(prefix);
        try (Connection c = clickhouse.connect(db);
                Statement s = c.createStatement()) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            for (String statement : dataset.split(";\n")) s.execute(statement);
            for (String statement : more) s.execute(statement);
        }
        return db;
    }

    static DashboardServer server(TestClickHouse clickhouse, String db, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("server.mode", "demo");
        settings.put("server.port", "0");
        settings.put("clickhouse.url", clickhouse.jdbcUrl(db));
        settings.put("clickhouse.user", clickhouse.user());
        settings.put("clickhouse.password", clickhouse.password());
        settings.putAll(extra);
        return DashboardServer.start(DashboardConfig.fromMap(settings));
    }

    static HttpResponse<String> postLogin(String base, Map<String, String> fields) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(fields)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static ItClient login(String base, String user, String password) throws Exception {
        HttpResponse<String> r = postLogin(base, Map.of("username", user, "password", password));
        assertThat(r.statusCode()).as("login %s: %s", user, r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        return new ItClient(
                base, value, JSON.readTree(r.body()).get("csrfToken").asText());
    }

    /** A request with this client's session cookie, if it has one. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) b.header("Cookie", AuthenticationFilter.SESSION_COOKIE + "=" + cookie);
        return b;
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A download's bytes (CSV, .xlsx) with its headers. */
    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** A POST of a raw body, with the CSRF token when the client has one. */
    HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) b.header(AuthenticationFilter.CSRF_HEADER, csrf);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, Object body, boolean withCsrf) throws Exception {
        return HTTP.send(jsonPost(path, body, withCsrf), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest jsonPost(String path, Object body, boolean withCsrf) throws Exception {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (withCsrf) b.header(AuthenticationFilter.CSRF_HEADER, csrf);
        return b.build();
    }

    HttpResponse<String> sql(String sql) throws Exception {
        return postJson("/api/sql", Map.of("sql", sql), true);
    }

    /** The console's answer to {@code sql}, without waiting for it. */
    CompletableFuture<HttpResponse<String>> sqlAsync(String sql) throws Exception {
        return HTTP.sendAsync(jsonPost("/api/sql", Map.of("sql", sql), true), HttpResponse.BodyHandlers.ofString());
    }

    /** Keeps a decimal's digits as sent (200.00, not 2E+2), so an answer written back is the same text. */
    private static final ObjectMapper EXACT_JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /**
     * A console answer without its {@code limits}, whose elapsed time differs on every run: the rest can be compared
     * exactly.
     */
    static String withoutLimits(String answer) throws Exception {
        ObjectNode json = (ObjectNode) EXACT_JSON.readTree(answer);
        json.remove("limits");
        return JSON.writeValueAsString(json);
    }

    JsonNode sqlOk(String sql) throws Exception {
        HttpResponse<String> r = sql(sql);
        assertThat(r.statusCode()).as("%s -> %s", sql, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Each field's value as text, numbers without trailing zeros (exact decimals compared as written), null as NULL. */
    static List<String> texts(JsonNode object, String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            JsonNode v = object.get(n);
            out.add(
                    v == null || v.isNull()
                            ? "NULL"
                            : v.isNumber()
                                    ? v.decimalValue().stripTrailingZeros().toPlainString()
                                    : v.asText());
        }
        return out;
    }

    /** {@link #texts} of each object of {@code array}. */
    static List<List<String>> rowTexts(JsonNode array, String... columns) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode row : array) out.add(texts(row, columns));
        return out;
    }
}
