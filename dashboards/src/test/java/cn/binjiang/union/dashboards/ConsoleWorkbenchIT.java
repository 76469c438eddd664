package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's tools for analysts over HTTP on the local stack's users ({@link ConsoleStack}): the schema browser
 * per role, the limits an answer reports, each user's history, saved and shared queries (kept in a file across a
 * restart of the server, never widening what their runner may read) and the cancellation of a running query in
 * ClickHouse.
 */
class ConsoleWorkbenchIT {
    static ConsoleStack stack;
    static String db;
    static Path queriesFile;
    static DashboardServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        stack = ConsoleStack.shared();
        db = stack.freshDatabase("dashboards_workbench", DashboardApiIT.DATASET);
        queriesFile =
                Files.createTempDirectory(Path.of("target"), "console-queries-").resolve("queries.json");
        server = start(db);
    }

    static DashboardServer start(String database) {
        DashboardServer s =
                stack.server(database, Map.of("sql.max-rows", "1000", "sql.queries-file", queriesFile.toString()));
        base = "http://127.0.0.1:" + s.port();
        return s;
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static ItClient login(String user) throws Exception {
        return ItClient.login(base, user, user + "-demo");
    }

    static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    void theSchemaBrowserListsWhatEachRoleMayReadWithTheMigrationsComments() throws Exception {
        JsonNode analyst = login("analyst").getJson("/api/sql/schema").get("tables");
        assertThat(names(analyst, "name"))
                .contains("kpi_values", "kpi_latest", "kpi_progress", "rejected_events", "alert_acks")
                .isSorted();
        JsonNode kpiValues = table(analyst, "kpi_values");
        assertThat(kpiValues.get("kind").asText()).isEqualTo("table");
        assertThat(kpiValues.get("columns").get(0).toString())
                .isEqualTo("{\"name\":\"kpi_id\",\"type\":\"LowCardinality(String)\","
                        + "\"comment\":\"KPI id from the catalog, e.g. members_joined\"}");
        assertThat(table(analyst, "kpi_latest").get("kind").asText()).isEqualTo("view");

        JsonNode officer = login("xixing").getJson("/api/sql/schema").get("tables");
        assertThat(names(officer, "name")).containsExactly("kpi_latest", "kpi_progress");
        assertThat(names(table(officer, "kpi_latest").get("columns"), "name"))
                .isEqualTo(names(table(analyst, "kpi_latest").get("columns"), "name"));
    }

    static JsonNode table(JsonNode tables, String name) {
        for (JsonNode t : tables) if (t.get("name").asText().equals(name)) return t;
        throw new AssertionError("no table " + name + " in " + tables);
    }

    @Test
    void anAnswerShowsItsRowsAgainstTheConsolesLimitsAndTheProfilesOwn() throws Exception {
        JsonNode answer = login("analyst").sqlOk("SELECT number FROM numbers(3)");
        JsonNode limits = answer.get("limits");
        assertThat(limits.get("rows").asInt()).isEqualTo(3);
        assertThat(limits.get("maxRows").asInt()).isEqualTo(1000);
        assertThat(limits.get("maxExecutionSeconds").asInt()).isEqualTo(10);
        assertThat(limits.get("elapsedMs").asLong()).isBetween(0L, 5_000L);
        // the console user's profile in infra/clickhouse-embedded/config/local-users.properties
        assertThat(limits.get("profile").toString())
                .isEqualTo("{\"max_execution_time\":\"10\",\"max_result_rows\":\"0\","
                        + "\"max_result_bytes\":\"100000000\",\"max_rows_to_read\":\"500000000\","
                        + "\"max_memory_usage\":\"1000000000\"}");
        assertThat(answer.get("rows").toString()).isEqualTo("[{\"number\":0},{\"number\":1},{\"number\":2}]");
    }

    @Test
    void eachUserHasTheirOwnHistoryNewestFirstOnceEach() throws Exception {
        ItClient changhe = login("changhe");
        String first = "SELECT count() AS n FROM kpi_latest";
        String second = "SELECT sum(actual) AS s FROM kpi_progress";
        String refused = "SELECT * FROM kpi_values";
        changhe.sqlOk(first);
        changhe.sqlOk(second);
        assertThat(changhe.sql(refused).statusCode()).isEqualTo(403);
        changhe.sqlOk(first);
        assertThat(names(changhe.getJson("/api/sql/history").get("history"), "sql"))
                .containsExactly(first, refused, second);
        assertThat(names(login("puyan").getJson("/api/sql/history").get("history"), "sql"))
                .doesNotContain(first, second, refused);
    }

    @Test
    void theHistoryKeepsAResidentIdMaskedAndSavingOneIsRefused() throws Exception {
        ItClient xixing = login("xixing");
        xixing.sqlOk("SELECT count() AS n FROM kpi_latest WHERE kpi_id = '33010619900307123X'");
        assertThat(names(xixing.getJson("/api/sql/history").get("history"), "sql"))
                .first()
                .isEqualTo("SELECT count() AS n FROM kpi_latest WHERE kpi_id = '******************'");
        assertThat(Files.readString(queriesFile)).doesNotContain("33010619900307123X");
        HttpResponse<String> save = xixing.postJson(
                "/api/sql/saved",
                Map.of("name", "by ID", "sql", "SELECT 1 AS one WHERE '330106199003071234' != ''"),
                true);
        assertThat(save.statusCode()).isEqualTo(400);
        assertThat(save.body())
                .isEqualTo(
                        "{\"error\":\"a saved query may not hold a resident ID number (a run of 15 or more digits)\"}");
    }

    @Test
    void sharedQueriesAreSeenByAllPrivateOnesByTheirAuthorAndRunAsTheirRunner() throws Exception {
        ItClient analyst = login("analyst");
        ItClient officer = login("puyan");
        String rawSql = "SELECT count() AS n FROM kpi_values";
        long shared = saved(
                analyst.postJson("/api/sql/saved", Map.of("name", "KPI 单元格数", "sql", rawSql, "shared", true), true));
        long mine =
                saved(analyst.postJson("/api/sql/saved", Map.of("name", "my draft", "sql", "SELECT 1 AS one"), true));

        assertThat(names(analyst.getJson("/api/sql/saved").get("saved"), "name"))
                .startsWith("my draft", "KPI 单元格数");
        JsonNode officersView = officer.getJson("/api/sql/saved").get("saved");
        assertThat(names(officersView, "name")).contains("KPI 单元格数").doesNotContain("my draft");
        JsonNode one = officer.getJson("/api/sql/saved/" + shared);
        assertThat(one.get("author").asText()).isEqualTo("analyst");
        assertThat(one.get("sql").asText()).isEqualTo(rawSql);
        HttpResponse<String> other = officer.get("/api/sql/saved/" + mine);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo("{\"error\":\"no saved query " + mine + "\"}");

        // sharing hands out the text, not the author's access: the officer's run of it is refused
        HttpResponse<String> run = officer.sql(one.get("sql").asText());
        assertThat(run.statusCode()).isEqualTo(403);
        assertThat(ItClient.JSON.readTree(run.body()).get("error").asText())
                .startsWith("a street officer may only query kpi_latest and kpi_progress");
        assertThat(analyst.sqlOk(rawSql).get("rows").get(0).get("n").asInt()).isPositive();
    }

    static long saved(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ItClient.JSON.readTree(r.body()).get("id").asLong();
    }

    @Test
    void badSavedQueryRequestsAre4xxWithAMessage() throws Exception {
        ItClient analyst = login("analyst");
        Map<Object, String> cases = new HashMap<>();
        cases.put(Map.of("name", " ", "sql", "SELECT 1"), "a saved query needs a name");
        cases.put(Map.of("name", "x".repeat(101), "sql", "SELECT 1"), "name longer than 100 characters");
        cases.put(Map.of("name", "empty"), "a saved query needs its SQL");
        cases.put(
                Map.of("name", "long", "sql", "SELECT 1 -- " + "x".repeat(100_000)),
                "query longer than 100000 characters");
        cases.put(Map.of("name", "n", "sql", "SELECT 1", "shared", "yes"), "'shared' is true or false");
        for (Map.Entry<Object, String> c : cases.entrySet()) {
            HttpResponse<String> r = analyst.postJson("/api/sql/saved", c.getKey(), true);
            assertThat(r.statusCode()).as(c.getValue()).isEqualTo(400);
            assertThat(ItClient.JSON.readTree(r.body()).get("error").asText()).isEqualTo(c.getValue());
        }
        assertThat(analyst.postJson("/api/sql/saved", Map.of("name", "n", "sql", "SELECT 1"), false)
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        HttpResponse<String> unknown = analyst.get("/api/sql/saved/987654");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no saved query 987654\"}");
        HttpResponse<String> notANumber = analyst.get("/api/sql/saved/abc");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).isEqualTo("{\"error\":\"a saved query's id is a number (got 'abc')\"}");
    }

    @Test
    void historyAndSavedQueriesOutliveARestartOfTheServer() throws Exception {
        ItClient leader = login("leader");
        String sql = "SELECT 'before the restart' AS note";
        leader.sqlOk(sql);
        long id = saved(leader.postJson("/api/sql/saved", Map.of("name", "kept", "sql", sql, "shared", false), true));
        server.close();
        server = start(db);
        ItClient again = login("leader");
        assertThat(names(again.getJson("/api/sql/history").get("history"), "sql"))
                .first()
                .isEqualTo(sql);
        assertThat(again.getJson("/api/sql/saved/" + id).get("name").asText()).isEqualTo("kept");
    }

    @Test
    void cancellingStopsTheRunningQueryInClickHouse() throws Exception {
        ItClient analyst = login("analyst");
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> running = analyst.sqlAsync(SqlConsoleIT.ENDLESS_QUERY);
        while (consoleQueriesRunning() == 0) {
            assertThat((System.nanoTime() - t0) / 1e9)
                    .as("the query reached ClickHouse")
                    .isLessThan(5);
            Thread.sleep(20);
        }
        HttpResponse<String> cancel = analyst.postJson("/api/sql/cancel", Map.of(), true);
        assertThat(cancel.body()).isEqualTo("{\"cancelled\":1}");
        HttpResponse<String> stopped = running.get(5, TimeUnit.SECONDS);
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(409);
        assertThat(stopped.body()).isEqualTo("{\"error\":\"cancelled: the query was stopped on the server\"}");
        assertThat((System.nanoTime() - t0) / 1e9)
                .as("well before the 10 s limit")
                .isLessThan(5);
        assertThat(consoleQueriesRunning()).isZero();
        assertThat(login("leader").postJson("/api/sql/cancel", Map.of(), true).body())
                .as("nothing of the leader's runs")
                .isEqualTo("{\"cancelled\":0}");
    }

    /** The console's copies of the endless query in ClickHouse now, asked as default (who sees every user's). */
    static int consoleQueriesRunning() throws Exception {
        try (Connection c = stack.connect("default", "default", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count() FROM system.processes WHERE user = 'console' "
                        + "AND query LIKE '%cityHash64(x, number)%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
