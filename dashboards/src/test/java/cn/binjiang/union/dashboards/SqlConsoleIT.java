package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL console over HTTP as the local stack runs it ({@link ConsoleStack}: the console's own ClickHouse user
 * and profile) on a migrated database holding {@link DashboardApiIT#DATASET}: normal queries' exact rows, the CSV
 * export's exact bytes, the session and CSRF token, ClickHouse's limits as the console reports them, and a street
 * officer whose every read is their street's. Hostile input is {@link ConsoleSecurityIT}'s.
 */
class SqlConsoleIT {
    /**
     * Reads 100 million rows (a fifth of the console's max_rows_to_read) and hashes each 100 times: a minute of work
     * in blocks of a few tens of MB, so that the time limit, not the memory limit, stops it.
     */
    static final String ENDLESS_QUERY =
            "SELECT sum(arraySum(arrayMap(x -> cityHash64(x, number), range(100)))) AS s FROM numbers(100000000)";

    static DashboardServer server;
    static String base;
    static ItClient analyst;
    static ItClient leader;
    static ItClient xixing;

    @BeforeAll
    static void start() throws Exception {
        ConsoleStack stack = ConsoleStack.shared();
        String db = stack.freshDatabase("dashboards_sql", DashboardApiIT.DATASET);
        server = stack.server(db, Map.of("sql.max-rows", "1000"));
        base = "http://127.0.0.1:" + server.port();
        analyst = ItClient.login(base, "analyst", "analyst-demo");
        leader = ItClient.login(base, "leader", "leader-demo");
        xixing = ItClient.login(base, "xixing", "xixing-demo");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aHugeResultIsAnErrorNotACut() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = analyst.sql("SELECT number FROM system.numbers");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ItClient.JSON.readTree(r.body()).get("error").asText())
                .isEqualTo("result too large: more than 1000 rows (add a LIMIT or aggregate)");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void aLongQueryStopsAtTheConsoleProfilesTimeLimit() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = analyst.sql(ENDLESS_QUERY);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ItClient.JSON.readTree(r.body()).get("error").asText())
                .startsWith("time-out: the query ran longer than the console's limit of 10 s (Code: 159.")
                .contains("(TIMEOUT_EXCEEDED)");
        assertThat(seconds).as("the console user's max_execution_time is 10 s").isBetween(9.0, 15.0);
    }

    @Test
    void clickHouseErrorsComeBackAsTheirOwnText() throws Exception {
        HttpResponse<String> r = analyst.sql("SELECT no_such_column FROM kpi_values");
        assertThat(r.statusCode()).isEqualTo(400);
        String error = ItClient.JSON.readTree(r.body()).get("error").asText();
        assertThat(error)
                .startsWith("ClickHouse: Code: 47")
                .contains("no_such_column")
                .doesNotContain("\n")
                .doesNotContain("queryId");
        HttpResponse<String> noTable = analyst.sql("SELECT * FROM no_such_table");
        assertThat(noTable.statusCode()).isEqualTo(400);
        assertThat(ItClient.JSON.readTree(noTable.body()).get("error").asText())
                .startsWith("ClickHouse: Code: 60")
                .contains("no_such_table");
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
        assertThat(analystBody(
                        "SELECT street, value FROM kpi_latest WHERE kpi_id = 'unions_founded_realname' AND grain = 'year' "
                                + "AND industry = '' AND street != '' ORDER BY street"))
                .isEqualTo("{\"scope\":{\"street\":null},\"columns\":[\"street\",\"value\"],\"rows\":"
                        + "[{\"street\":\"changhe\",\"value\":300.00},{\"street\":\"district_level\",\"value\":9.00},"
                        + "{\"street\":\"puyan\",\"value\":230.00},{\"street\":\"xixing\",\"value\":410.00}]}");
        assertThat(leaderBody("SELECT 1 AS one, 'a;b -- c' AS text, `街道` FROM (SELECT '西兴' AS `街道`)"))
                .endsWith("\"rows\":[{\"one\":1,\"text\":\"a;b -- c\",\"街道\":\"西兴\"}]}");
        assertThat(
                        analystBody(
                                "WITH sum(value) AS total SELECT total FROM kpi_latest WHERE kpi_id = 'orgs_digitised' AND street != ''"))
                .isEqualTo("{\"scope\":{\"street\":null},\"columns\":[\"total\"],\"rows\":[{\"total\":370.00}]}");
        JsonNode tables =
                analyst.sqlOk("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name");
        assertThat(tables.get("rows").toString())
                .contains("{\"name\":\"kpi_values\"}")
                .contains("{\"name\":\"kpi_latest\"}");
        assertThat(
                        analystBody(
                                "SELECT sum(value) AS v FROM kpi_latest WHERE kpi_id = 'unions_founded_realname' AND grain = 'year' AND industry = ''"))
                .isEqualTo("{\"scope\":{\"street\":null},\"columns\":[\"v\"],\"rows\":[{\"v\":1898.00}]}");
        assertThat(
                        analystBody(
                                "SELECT count() AS n FROM kpi_latest WHERE EXISTS (SELECT 1 FROM kpi_latest WHERE street = 'puyan')"))
                .endsWith("\"rows\":[{\"n\":22}]}");
        JsonNode numbers = analyst.sqlOk("SELECT number FROM system.numbers LIMIT 3");
        assertThat(numbers.get("rows").toString()).isEqualTo("[{\"number\":0},{\"number\":1},{\"number\":2}]");
    }

    static String analystBody(String sql) throws Exception {
        HttpResponse<String> r = analyst.sql(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ItClient.withoutLimits(r.body());
    }

    static String leaderBody(String sql) throws Exception {
        HttpResponse<String> r = leader.sql(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ItClient.withoutLimits(r.body());
    }

    static String officerBody(String sql) throws Exception {
        HttpResponse<String> r = xixing.sql(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ItClient.withoutLimits(r.body());
    }

    @Test
    void csvExportIsExact() throws Exception {
        String sql =
                "SELECT street, value, 'a,\"b\"' AS note FROM kpi_latest WHERE kpi_id = 'orgs_digitised' AND grain = 'year' "
                        + "AND street IN ('changhe', 'puyan') ORDER BY street";
        String expected = "street,value,note\r\nchanghe,100.00,\"a,\"\"b\"\"\"\r\npuyan,70.00,\"a,\"\"b\"\"\"\r\n";
        HttpResponse<byte[]> post = ItClient.HTTP.send(
                analyst.request("/api/sql/csv")
                        .header("Content-Type", "application/json")
                        .header(AuthenticationFilter.CSRF_HEADER, analyst.csrf())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                ItClient.JSON.writeValueAsString(Map.of("sql", sql))))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
        HttpResponse<String> get =
                analyst.get("/api/sql.csv?sql=" + java.net.URLEncoder.encode(sql, StandardCharsets.UTF_8));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(expected);
        HttpResponse<String> refused = analyst.get(
                "/api/sql.csv?sql=" + java.net.URLEncoder.encode("DROP TABLE kpi_values", StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void theConsoleNeedsASessionAndTheCsrfToken() throws Exception {
        HttpResponse<String> noCsrf = analyst.postJson("/api/sql", Map.of("sql", "SELECT 1"), false);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = ItClient.HTTP.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/sql"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> notJson = ItClient.HTTP.send(
                analyst.request("/api/sql")
                        .header(AuthenticationFilter.CSRF_HEADER, analyst.csrf())
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("SELECT 1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("body is not JSON");
    }

    @Test
    void aStreetOfficerGetsOnlyTheirStreet() throws Exception {
        JsonNode all = xixing.sqlOk("SELECT street, kpi_id, industry, value FROM kpi_latest ORDER BY kpi_id, industry");
        assertThat(all.get("rows")).isNotEmpty();
        for (JsonNode row : all.get("rows"))
            assertThat(row.get("street").asText()).isEqualTo("xixing");
        assertThat(officerBody("SELECT street, kpi_id, industry, value FROM kpi_latest ORDER BY kpi_id, industry"))
                .isEqualTo(
                        "{\"scope\":{\"street\":\"xixing\"},\"columns\":[\"street\",\"kpi_id\",\"industry\",\"value\"],\"rows\":[{\"street\":\"xixing\",\"kpi_id\":\"aid_paid_cny\",\"industry\":\"\",\"value\":1000.50},"
                                + "{\"street\":\"xixing\",\"kpi_id\":\"members_joined\",\"industry\":\"\",\"value\":6.00},"
                                + "{\"street\":\"xixing\",\"kpi_id\":\"members_joined\",\"industry\":\"digital_economy\",\"value\":7.00},"
                                + "{\"street\":\"xixing\",\"kpi_id\":\"orgs_digitised\",\"industry\":\"\",\"value\":200.00},"
                                + "{\"street\":\"xixing\",\"kpi_id\":\"unions_founded_realname\",\"industry\":\"\",\"value\":410.00},"
                                + "{\"street\":\"xixing\",\"kpi_id\":\"unions_founded_realname\",\"industry\":\"digital_economy\",\"value\":300.00}]}");
        // relabelling another street's rows does not get them: the views themselves are restricted
        assertThat(xixing.sqlOk("SELECT 'xixing' AS street, value FROM kpi_latest WHERE street = 'changhe'")
                        .get("rows"))
                .isEmpty();
        assertThat(xixing.sqlOk("SELECT street, value FROM kpi_latest WHERE street != 'xixing'")
                        .get("rows"))
                .isEmpty();
        assertThat(
                        officerBody(
                                "SELECT a.street AS street, a.value + b.value AS v FROM kpi_latest AS a JOIN kpi_latest AS b "
                                        + "USING (kpi_id, grain, bucket, industry, employment_form, category) WHERE a.kpi_id = 'orgs_digitised' AND a.grain = 'year'"))
                .endsWith("\"rows\":[{\"street\":\"xixing\",\"v\":400.00}]}");
        assertThat(officerBody("SELECT 'xixing' AS street, count() AS n FROM kpi_latest AS k WHERE k.street = ''"))
                .endsWith("\"rows\":[{\"street\":\"xixing\",\"n\":0}]}");
        assertThat(
                        officerBody(
                                "SELECT street, actual FROM kpi_progress WHERE year = 2022 AND kpi_id = 'unions_founded_realname'"))
                .endsWith("\"rows\":[{\"street\":\"xixing\",\"actual\":410.00}]}");
        // no street column needed: every read of the views is the officer's street
        assertThat(
                        officerBody(
                                "SELECT sum(value) AS v FROM kpi_latest WHERE kpi_id = 'unions_founded_realname' AND grain = 'year' AND industry = ''"))
                .isEqualTo("{\"scope\":{\"street\":\"xixing\"},\"columns\":[\"v\"],\"rows\":[{\"v\":410.00}]}");
        assertThat(officerBody("SELECT count() AS n, sum(value) AS v FROM kpi_latest"))
                .endsWith("\"rows\":[{\"n\":6,\"v\":1923.50}]}");
        assertThat(
                        officerBody(
                                "SELECT count() AS n FROM kpi_latest WHERE EXISTS (SELECT 1 FROM kpi_latest WHERE street = 'puyan')"))
                .endsWith("\"rows\":[{\"n\":0}]}");
        String csv = xixing.get("/api/sql.csv?sql="
                        + java.net.URLEncoder.encode(
                                "SELECT street, value FROM kpi_latest WHERE kpi_id = 'orgs_digitised' ORDER BY street",
                                StandardCharsets.UTF_8))
                .body();
        assertThat(csv).isEqualTo("street,value\r\nxixing,200.00\r\n");
    }
}
