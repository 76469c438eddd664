package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The SQL console over HTTP on a real, migrated ClickHouse holding {@link DashboardApiIT#DATASET}:
 * hostile inputs refused (or bounded by ClickHouse's limits) with their status and message, normal
 * queries' exact rows, the CSV export's exact bytes, and a street officer who gets no row of another
 * street. The embedded engine has only {@code default} (read-write), so here the server's own checks
 * are all that stands between a query and the data; {@code ReaderUserIT} covers the read-only user.
 */
class SqlConsoleIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    static DashboardServer server;
    static String base;
    static ItClient analyst;
    static ItClient leader;
    static ItClient xixing;

    @BeforeAll
    static void start() throws Exception {
        String db = ItClient.freshDatabase(CLICKHOUSE, "dashboards_sql");
        server = ItClient.server(CLICKHOUSE, db, Map.of("sql.max-execution-time", "2s", "sql.max-rows", "1000"));
        base = "http://127.0.0.1:" + server.port();
        analyst = ItClient.login(base, "analyst", "analyst-demo");
        leader = ItClient.login(base, "leader", "leader-demo");
        xixing = ItClient.login(base, "xixing", "xixing-demo");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    record Hostile(String sql, int status, String message) {}

    static final List<Hostile> HOSTILE = List.of(
            // writes and DDL
            new Hostile("INSERT INTO kpi_values (kpi_id) VALUES ('x')", 403, "only SELECT, WITH, SHOW, DESCRIBE and EXPLAIN are allowed (read-only console), got 'INSERT'"),
            new Hostile("DROP TABLE kpi_values", 403, "got 'DROP'"),
            new Hostile("ALTER TABLE kpi_values DELETE WHERE 1", 403, "got 'ALTER'"),
            new Hostile("CREATE TABLE t (x UInt8) ENGINE = Memory", 403, "got 'CREATE'"),
            new Hostile("TRUNCATE TABLE kpi_values", 403, "got 'TRUNCATE'"),
            new Hostile("  delete from kpi_values where 1", 403, "got 'delete'"),
            new Hostile("INSERT INTO FUNCTION file('x.csv', 'CSV', 'a UInt8') SELECT 1", 403, "got 'INSERT'"),
            new Hostile("WITH 1 AS x INSERT INTO kpi_values SELECT * FROM kpi_values", 403, "'INSERT' is not allowed in the read-only console"),
            new Hostile("EXPLAIN SYNTAX DROP TABLE kpi_values", 403, "'DROP' is not allowed in the read-only console"),
            new Hostile("SELECT 1 INTO OUTFILE '/tmp/leak.csv'", 403, "'INTO' is not allowed in the read-only console"),
            // settings and server commands
            new Hostile("SET max_execution_time = 0", 403, "got 'SET'"),
            new Hostile("SELECT 1 SETTINGS max_execution_time = 0", 403, "'SETTINGS' is not allowed in the read-only console (the server sets the query limits)"),
            new Hostile("SYSTEM STOP MERGES kpi_values", 403, "got 'SYSTEM'"),
            new Hostile("KILL QUERY WHERE 1", 403, "got 'KILL'"),
            new Hostile("SELECT 1 FORMAT Native", 403, "FORMAT is not allowed: the console chooses the output format"),
            new Hostile("SELECT getSetting('max_execution_time')", 403, "function 'getSetting' is not allowed"),
            // several statements, with ';' inside and outside quotes and comments
            new Hostile("SELECT 1; DROP TABLE kpi_values", 400, "only one statement is allowed (found ';' followed by more text)"),
            new Hostile("SELECT 1;DROP TABLE kpi_values;", 400, "only one statement is allowed"),
            new Hostile("SELECT ';' AS a; DROP TABLE kpi_values", 400, "only one statement is allowed"),
            new Hostile("SELECT 'it''s;' AS a; DROP TABLE kpi_values", 400, "only one statement is allowed"),
            new Hostile("SELECT 'a\\';' AS a; DROP TABLE kpi_values", 400, "only one statement is allowed"),
            new Hostile("SELECT 1 -- ;\n; DROP TABLE kpi_values", 400, "only one statement is allowed"),
            new Hostile("SELECT 1 /* ; */ ; INSERT INTO kpi_values SELECT * FROM kpi_values", 400, "only one statement is allowed"),
            new Hostile("SELECT 1; -- comment\nDROP TABLE kpi_values", 400, "only one statement is allowed"),
            // comments hiding keywords, unterminated text
            new Hostile("/* SELECT */ DROP TABLE kpi_values", 403, "got 'DROP'"),
            new Hostile("-- SELECT\nDROP TABLE kpi_values", 403, "got 'DROP'"),
            new Hostile("SEL/**/ECT 1", 403, "got 'SEL'"),
            new Hostile("SELECT 1 /* /* nested */ ; DROP TABLE kpi_values */", 400, "nested comments are not allowed"),
            new Hostile("SELECT 1 /* never closed", 400, "unterminated comment /* ... */"),
            new Hostile("SELECT 'never closed", 400, "unterminated quote ' starting at character 8"),
            new Hostile("-- only a comment", 400, "empty query (only comments)"),
            new Hostile("   ", 400, "empty query"),
            // unicode tricks
            new Hostile("SELECT 1\uFF1B DROP TABLE kpi_values", 400, "character U+FF1B outside quotes is not allowed"),
            new Hostile("SELECT\u200B1", 400, "character U+200B outside quotes is not allowed"),
            new Hostile("\uFF33\uFF25\uFF2C\uFF25\uFF23\uFF34 1", 400, "character U+FF33 outside quotes is not allowed"),
            new Hostile("SELECT name FROM system.us\u0435rs", 400, "character U+0435 outside quotes is not allowed"),
            // system tables about users, settings, credentials
            new Hostile("SELECT name FROM system.users", 403, "table system.users is not readable from the console"),
            new Hostile("SELECT * FROM system.roles", 403, "table system.roles is not readable from the console"),
            new Hostile("SELECT * FROM system.grants", 403, "table system.grants is not readable from the console"),
            new Hostile("SELECT * FROM system.settings_profiles", 403, "table system.settings_profiles is not readable from the console"),
            new Hostile("SELECT * FROM system.quotas", 403, "table system.quotas is not readable from the console"),
            new Hostile("SELECT * FROM system.settings", 403, "table system.settings is not readable from the console"),
            new Hostile("SELECT * FROM system.named_collections", 403, "table system.named_collections is not readable from the console"),
            new Hostile("SELECT query FROM system.processes", 403, "table system.processes is not readable from the console"),
            new Hostile("SELECT query FROM system.query_log", 403, "table system.query_log is not readable from the console"),
            new Hostile("SELECT * FROM \"system\".\"users\"", 403, "table system.users is not readable from the console"),
            new Hostile("SELECT * FROM `system` . `USERS`", 403, "table system.users is not readable from the console"),
            new Hostile("select * from SYSTEM.Users", 403, "table system.users is not readable from the console"),
            new Hostile("SELECT * FROM system/**/./**/users", 403, "table system.users is not readable from the console"),
            new Hostile("SELECT 1 UNION ALL SELECT count() FROM system.users", 403, "table system.users is not readable from the console"),
            new Hostile("DESCRIBE TABLE system.users", 403, "table system.users is not readable from the console"),
            new Hostile("SHOW GRANTS", 403, "only SHOW TABLES, SHOW DATABASES and SHOW COLUMNS are allowed, got SHOW GRANTS"),
            new Hostile("SHOW USERS", 403, "only SHOW TABLES, SHOW DATABASES and SHOW COLUMNS are allowed, got SHOW USERS"),
            new Hostile("SHOW CREATE USER default", 403, "got SHOW CREATE"),
            // table functions and functions that reach outside
            new Hostile("SELECT * FROM file('/etc/passwd', 'LineAsString')", 403, "function 'file' is not allowed in the console (it reaches outside the server's tables)"),
            new Hostile("SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'a String')", 403, "function 'url' is not allowed"),
            new Hostile("SELECT * FROM remote('127.0.0.1', system.one)", 403, "function 'remote' is not allowed"),
            new Hostile("SELECT * FROM remoteSecure('127.0.0.1', default.kpi_values)", 403, "function 'remoteSecure' is not allowed"),
            new Hostile("SELECT * FROM s3('http://example.invalid/a.csv')", 403, "function 's3' is not allowed"),
            new Hostile("SELECT * FROM merge('system', '^users$')", 403, "function 'merge' is not allowed"),
            new Hostile("SELECT * FROM clusterAllReplicas('default', system.one)", 403, "function 'clusterAllReplicas' is not allowed"),
            new Hostile("SELECT * FROM mysql('h:3306', 'd', 't', 'u', 'p')", 403, "function 'mysql' is not allowed"),
            new Hostile("SELECT * FROM executable('cat /etc/passwd', 'TSV', 'a String')", 403, "function 'executable' is not allowed"),
            new Hostile("SELECT * FROM `file` ('/etc/passwd', 'LineAsString')", 403, "function 'file' is not allowed"),
            new Hostile("SELECT 1 AS n UNION ALL SELECT number FROM system.numbers", 400, "result too large: "),
            new Hostile("SELECT count() FROM numbers(100000000000)", 400, "query exceeded the time limit: "),
            new Hostile("SELECT dictGet('d', 'a', toUInt64(1))", 403, "function 'dictGet' is not allowed"));

    @TestFactory
    Stream<DynamicTest> hostileInputsAreRefusedWithAClearMessage() {
        assertThat(HOSTILE).hasSizeGreaterThanOrEqualTo(30);
        return HOSTILE.stream().map(h -> DynamicTest.dynamicTest("[" + h.sql().replace("\n", "\\n") + "]", () -> {
            HttpResponse<String> r = analyst.sql(h.sql());
            assertThat(r.statusCode()).as("%s -> %s", h.sql(), r.body()).isEqualTo(h.status());
            assertThat(ItClient.JSON.readTree(r.body()).get("error").asText()).as(h.sql()).contains(h.message());
            assertThat(r.body()).doesNotContain("at com.").doesNotContain("Stack trace");
        }));
    }

    @Test
    void theTablesStayIntact() throws Exception {
        assertThat(analyst.sqlOk("SELECT count() AS n FROM kpi_values").get("rows").get(0).get("n").asLong()).isEqualTo(22);
    }

    @Test
    void aHugeResultIsAnErrorNotACut() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = analyst.sql("SELECT number FROM system.numbers");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ItClient.JSON.readTree(r.body()).get("error").asText()).startsWith("result too large: ").contains("TOO_MANY_ROWS_OR_BYTES");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void aLongAggregationStopsAtTheTimeLimit() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = analyst.sql("SELECT sum(cityHash64(number)) FROM numbers(10000000000)");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ItClient.JSON.readTree(r.body()).get("error").asText()).startsWith("query exceeded the time limit: ").contains("TIMEOUT_EXCEEDED");
        assertThat(seconds).isLessThan(6);
    }

    @Test
    void sleepsAreBounded() throws Exception {
        for (String sql : List.of("SELECT sleepEachRow(1) FROM numbers(10)", "SELECT sleep(3) FROM numbers(100000000)", "SELECT sleep(3), sleep(3)")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = analyst.sql(sql);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(ItClient.JSON.readTree(r.body()).get("error").asText()).containsAnyOf("(TIMEOUT_EXCEEDED)", "(TOO_SLOW)");
            assertThat(seconds).as(sql).isLessThan(6);
        }
    }

    @Test
    void clickHouseErrorsComeBackAsTheirOwnText() throws Exception {
        HttpResponse<String> r = analyst.sql("SELECT no_such_column FROM kpi_values");
        assertThat(r.statusCode()).isEqualTo(400);
        String error = ItClient.JSON.readTree(r.body()).get("error").asText();
        assertThat(error).startsWith("ClickHouse: Code: 47").contains("no_such_column").doesNotContain("\n").doesNotContain("queryId");
        HttpResponse<String> noTable = analyst.sql("SELECT * FROM no_such_table");
        assertThat(noTable.statusCode()).isEqualTo(400);
        assertThat(ItClient.JSON.readTree(noTable.body()).get("error").asText()).startsWith("ClickHouse: Code: 60").contains("no_such_table");
    }

    @Test
    void normalQueriesReturnExactRows() throws Exception {
        JsonNode r = analyst.sqlOk("""
                -- unions founded per street
                SELECT street, value FROM kpi_latest
                WHERE kpi_id = 'unions_founded_realname' AND grain = 'year' AND industry = '' AND street != ''
                ORDER BY street;
                """);
        assertThat(r.get("columns").toString()).isEqualTo("[\"street\",\"value\"]");
        assertThat(analystBody("SELECT street, value FROM kpi_latest WHERE kpi_id = 'unions_founded_realname' AND grain = 'year' "
                + "AND industry = '' AND street != '' ORDER BY street")).isEqualTo("{\"scope\":{\"street\":null},\"columns\":[\"street\",\"value\"],\"rows\":"
                + 
                "[{\"street\":\"changhe\",\"value\":300.00},{\"street\":\"district_level\",\"value\":9.00},"
                        + "{\"street\":\"puyan\",\"value\":230.00},{\"street\":\"xixing\",\"value\":410.00}]}");
        assertThat(leaderBody("SELECT 1 AS one, 'a;b -- c' AS text, `街道` FROM (SELECT '西兴' AS `街道`)")).endsWith("\"rows\":[{\"one\":1,\"text\":\"a;b -- c\",\"街道\":\"西兴\"}]}");
        assertThat(analystBody("WITH sum(value) AS total SELECT total FROM kpi_latest WHERE kpi_id = 'orgs_digitised' AND street != ''"))
                .isEqualTo("{\"scope\":{\"street\":null},\"columns\":[\"total\"],\"rows\":[{\"total\":370.00}]}");
        JsonNode tables = analyst.sqlOk("SHOW TABLES");
        assertThat(tables.get("rows").toString()).contains("\"kpi_values\"").contains("\"kpi_latest\"");
        JsonNode numbers = analyst.sqlOk("SELECT number FROM system.numbers LIMIT 3");
        assertThat(numbers.get("rows").toString()).isEqualTo("[{\"number\":0},{\"number\":1},{\"number\":2}]");
    }

    static String analystBody(String sql) throws Exception {
        HttpResponse<String> r = analyst.sql(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    static String leaderBody(String sql) throws Exception {
        HttpResponse<String> r = leader.sql(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    static String officerBody(String sql) throws Exception {
        HttpResponse<String> r = xixing.sql(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void csvExportIsExact() throws Exception {
        String sql = "SELECT street, value, 'a,\"b\"' AS note FROM kpi_latest WHERE kpi_id = 'orgs_digitised' AND grain = 'year' "
                + "AND street IN ('changhe', 'puyan') ORDER BY street";
        String expected = "street,value,note\r\nchanghe,100.00,\"a,\"\"b\"\"\"\r\npuyan,70.00,\"a,\"\"b\"\"\"\r\n";
        HttpResponse<byte[]> post = ItClient.HTTP.send(analyst.request("/api/sql/csv").header("Content-Type", "application/json")
                .header(DashboardServer.CSRF_HEADER, analyst.csrf())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ItClient.JSON.writeValueAsString(Map.of("sql", sql)))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
        HttpResponse<String> get = analyst.get("/api/sql.csv?sql=" + java.net.URLEncoder.encode(sql, StandardCharsets.UTF_8));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(expected);
        HttpResponse<String> refused = analyst.get("/api/sql.csv?sql=" + java.net.URLEncoder.encode("DROP TABLE kpi_values", StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void theConsoleNeedsASessionAndTheCsrfToken() throws Exception {
        HttpResponse<String> noCsrf = analyst.postJson("/api/sql", Map.of("sql", "SELECT 1"), false);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = ItClient.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/sql"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> notJson = ItClient.HTTP.send(analyst.request("/api/sql").header(DashboardServer.CSRF_HEADER, analyst.csrf())
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("SELECT 1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("body is not JSON");
    }

    @Test
    void aStreetOfficerGetsOnlyTheirStreet() throws Exception {
        JsonNode all = xixing.sqlOk("SELECT street, kpi_id, industry, value FROM kpi_latest ORDER BY kpi_id, industry");
        assertThat(all.get("rows")).isNotEmpty();
        for (JsonNode row : all.get("rows")) assertThat(row.get("street").asText()).isEqualTo("xixing");
        assertThat(officerBody("SELECT street, kpi_id, industry, value FROM kpi_latest ORDER BY kpi_id, industry"))
                .isEqualTo("{\"scope\":{\"street\":\"xixing\"},\"columns\":[\"street\",\"kpi_id\",\"industry\",\"value\"],\"rows\":[{\"street\":\"xixing\",\"kpi_id\":\"aid_paid_cny\",\"industry\":\"\",\"value\":1000.50},"
                + "{\"street\":\"xixing\",\"kpi_id\":\"members_joined\",\"industry\":\"\",\"value\":6.00},"
                + "{\"street\":\"xixing\",\"kpi_id\":\"members_joined\",\"industry\":\"digital_economy\",\"value\":7.00},"
                + "{\"street\":\"xixing\",\"kpi_id\":\"orgs_digitised\",\"industry\":\"\",\"value\":200.00},"
                + "{\"street\":\"xixing\",\"kpi_id\":\"unions_founded_realname\",\"industry\":\"\",\"value\":410.00},"
                + "{\"street\":\"xixing\",\"kpi_id\":\"unions_founded_realname\",\"industry\":\"digital_economy\",\"value\":300.00}]}");
        // relabelling another street's rows does not get them: the views themselves are restricted
        assertThat(xixing.sqlOk("SELECT 'xixing' AS street, value FROM kpi_latest WHERE street = 'changhe'").get("rows")).isEmpty();
        assertThat(xixing.sqlOk("SELECT street, value FROM kpi_latest WHERE street != 'xixing'").get("rows")).isEmpty();
        assertThat(officerBody("SELECT a.street AS street, a.value + b.value AS v FROM kpi_latest AS a JOIN kpi_latest AS b "
                + "USING (kpi_id, grain, bucket, industry, employment_form, category) WHERE a.kpi_id = 'orgs_digitised' AND a.grain = 'year'"))
                .endsWith("\"rows\":[{\"street\":\"xixing\",\"v\":400.00}]}");
        assertThat(officerBody("SELECT 'xixing' AS street, count() AS n FROM kpi_latest AS k WHERE k.street = ''"))
                .endsWith("\"rows\":[{\"street\":\"xixing\",\"n\":0}]}");
        assertThat(officerBody("SELECT street, actual FROM kpi_progress WHERE year = 2022 AND kpi_id = 'unions_founded_realname'"))
                .endsWith("\"rows\":[{\"street\":\"xixing\",\"actual\":410.00}]}");
        // anything but the two views, or no street column: 403
        for (String sql : List.of("SELECT street, value FROM kpi_values", "SELECT * FROM aid_events", "SELECT 'xixing' AS street FROM system.one",
                "SELECT street FROM default.kpi_latest", "SELECT street FROM numbers(3)", "SHOW TABLES",
                "SELECT street, value FROM kpi_latest WHERE street IN kpi_values",
                "SELECT street FROM kpi_latest JOIN aid_events USING (street)",
                "WITH x AS (SELECT * FROM kpi_latest) SELECT street FROM x",
                "SELECT 'xixing' AS street, v.value FROM kpi_latest AS k, kpi_values AS v WHERE v.street = 'changhe'",
                "SELECT 'xixing' AS street, v.value FROM (SELECT * FROM kpi_latest) AS k, kpi_values v",
                "SELECT 'xixing' AS street, value FROM kpi_latest k CROSS JOIN aid_events a",
                "SELECT street FROM kpi_latest WHERE kpi_id IN (SELECT kpi_id FROM kpi_values WHERE street = 'changhe')")) {
            HttpResponse<String> r = xixing.sql(sql);
            assertThat(r.statusCode()).as("%s -> %s", sql, r.body()).isEqualTo(403);
            assertThat(r.body()).as(sql).contains("a street officer");
        }
        HttpResponse<String> noStreet = xixing.sql("SELECT count() AS n FROM kpi_latest");
        assertThat(noStreet.statusCode()).as(noStreet.body()).isEqualTo(403);
        assertThat(ItClient.JSON.readTree(noStreet.body()).get("error").asText()).startsWith("a street officer's query must return a 'street' column");
        String csv = xixing.get("/api/sql.csv?sql=" + java.net.URLEncoder.encode(
                "SELECT street, value FROM kpi_latest WHERE kpi_id = 'orgs_digitised' ORDER BY street", StandardCharsets.UTF_8)).body();
        assertThat(csv).isEqualTo("street,value\r\nxixing,200.00\r\n");
    }
}
