package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.HostileConsoleInputs.Audience;
import cn.binjiang.union.dashboards.HostileConsoleInputs.Hostile;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL console against hostile input on the real stack ({@link ConsoleStack}: the console's own read-only
 * ClickHouse user and profile, the panels' {@code reader}): the issue's reproducers, inputs generated from
 * ClickHouse's grammar and from the engine's own lists of table functions and system tables, each street
 * officer's reads through every shape of query, the cockpit answering while a console query runs, and the
 * engine refusing the same tricks to {@code reader} directly.
 *
 * <p>Every answer is checked for what must never come back: the content of a probe file, {@code /etc/passwd},
 * and for an officer any value of another street (each value of the dataset occurs in one street only) or any
 * enterprise; after each group of inputs, no table changed and no file was written.
 *
 * <p>Longer than 300 lines on purpose: every group of hostile inputs runs against one stack started once, and each group checks the same never-returned values.
 */
class ConsoleSecurityIT {
    static final List<String> OFFICERS = List.of("xixing", "changhe", "puyan");

    /** A year cell of kpi_values; each value occurs once in the dataset, so its text betrays its street. */
    record Cell(String kpiId, String street, String industry, String value) {}

    static final List<Cell> CELLS = List.of(
            new Cell("unions_founded_realname", "", "", "947.89"),
            new Cell("unions_founded_realname", "xixing", "", "410.17"),
            new Cell("unions_founded_realname", "changhe", "", "300.23"),
            new Cell("unions_founded_realname", "puyan", "", "230.59"),
            new Cell("orgs_digitised", "", "", "371.07"),
            new Cell("orgs_digitised", "xixing", "", "200.31"),
            new Cell("orgs_digitised", "changhe", "", "100.43"),
            new Cell("orgs_digitised", "puyan", "", "70.61"),
            new Cell("members_joined", "xixing", "digital_economy", "7.13"));
    /** One enterprise per street; an officer reads no enterprise, so none of these names may reach one. */
    static final Map<String, String> ENTERPRISES =
            Map.of("xixing", "ENT-XIXING-K7", "changhe", "ENT-CHANGHE-Q3", "puyan", "ENT-PUYAN-W9");

    @TempDir
    static Path files;

    static Path probe;
    static String probeContent;
    static Path outfile;
    static ConsoleStack stack;
    static String database;
    /** The console as configured by default: one query per user at once. */
    static DashboardServer server;

    static ItClient analyst;
    static ItClient leader;
    static Map<String, ItClient> officers = new LinkedHashMap<>();
    /**
     * The same console letting a user run four queries at once, so that the hundreds of hostile inputs are asked
     * four at a time; the per-user limit plays no part in a refusal.
     */
    static DashboardServer parallelServer;

    static ItClient parallelAnalyst;
    static Map<String, ItClient> parallelOfficers = new LinkedHashMap<>();
    static ExecutorService asking;
    static List<String> tablesBefore;
    static HostileConsoleInputs inputs;

    @BeforeAll
    static void start() throws Exception {
        probeContent = "PROBE-" + UUID.randomUUID();
        probe = Files.writeString(files.resolve("probe.txt"), probeContent + "\n");
        outfile = files.resolve("outfile.tsv");
        stack = ConsoleStack.shared();
        database = stack.freshDatabase("console_security", dataset());
        server = stack.server(database, Map.of());
        String base = "http://127.0.0.1:" + server.port();
        analyst = ItClient.login(base, "analyst", "analyst-demo");
        leader = ItClient.login(base, "leader", "leader-demo");
        for (String street : OFFICERS) officers.put(street, ItClient.login(base, street, street + "-demo"));
        parallelServer = stack.server(database, Map.of("sql.max-queries-per-user", "4", "sql.pool-size", "8"));
        String parallelBase = "http://127.0.0.1:" + parallelServer.port();
        parallelAnalyst = ItClient.login(parallelBase, "analyst", "analyst-demo");
        for (String street : OFFICERS)
            parallelOfficers.put(street, ItClient.login(parallelBase, street, street + "-demo"));
        asking = Executors.newFixedThreadPool(4);
        tablesBefore = tables();
        assertThat(tablesBefore)
                .contains(
                        "kpi_values ReplacingMergeTree 9",
                        "enterprises ReplacingMergeTree 3",
                        "streets ReplacingMergeTree 3",
                        "kpi_latest View -");
        inputs = new HostileConsoleInputs(database, probe, outfile, stack.httpUrl());
    }

    @AfterAll
    static void stop() {
        if (asking != null) asking.shutdownNow();
        if (parallelServer != null) parallelServer.close();
        if (server != null) server.close();
    }

    static String dataset() {
        String cells = CELLS.stream()
                .map(c -> "('" + c.kpiId() + "', 'year', '2022-01-01', '" + c.street() + "', '" + c.industry()
                        + "', '', '', " + c.value() + ", 1, '2022-12-31 12:00:00')")
                .collect(Collectors.joining(",\n"));
        String enterprises = OFFICERS.stream()
                .map(s -> "('91330108MA00000" + s.substring(0, 3).toUpperCase() + "', '" + ENTERPRISES.get(s) + "', '"
                        + s + "', 'digital_economy', 10)")
                .collect(Collectors.joining(", "));
        return "INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES\n"
                + cells + ";\n"
                + "INSERT INTO enterprises (credit_code, name, street_code, industry_code, employee_count) VALUES "
                + enterprises + ";\n"
                + "INSERT INTO streets (code, name_zh, name_en, river_side) VALUES ('xixing', '西兴街道', 'Xixing', 'jiangnan'), "
                + "('changhe', '长河街道', 'Changhe', 'jiangnan'), ('puyan', '浦沿街道', 'Puyan', 'jiangnan')";
    }

    // ---- hostile input ---------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> theIssuesReproducersAreRefused() {
        return refusals(inputs.reproducers());
    }

    /** How many inputs {@link HostileConsoleInputs#grammar()} builds: a change to the generator shows here. */
    static final int GRAMMAR_INPUTS = 347;

    @TestFactory
    Stream<DynamicTest> inputsBuiltFromClickHousesGrammarAreRefused() {
        List<Hostile> generated = inputs.grammar();
        assertThat(generated).hasSize(GRAMMAR_INPUTS);
        return refusals(generated);
    }

    @TestFactory
    Stream<DynamicTest> everyTableFunctionOfTheEngineIsRefused() throws Exception {
        List<String> names = column("SELECT name FROM system.table_functions ORDER BY name");
        assertThat(names)
                .contains(
                        "file", "url", "s3", "remote", "executable", "merge", "view", "dictionary", "input", "numbers");
        return refusals(inputs.tableFunctions(names));
    }

    @TestFactory
    Stream<DynamicTest> everySystemTableOutsideTheCatalogueIsRefused() throws Exception {
        List<String> names = column("SELECT name FROM system.tables WHERE database = 'system' ORDER BY name");
        assertThat(names).contains("processes", "settings", "users", "grants", "server_settings", "one", "tables");
        Stream<DynamicTest> catalogue = HostileConsoleInputs.CATALOGUE.stream()
                .filter(names::contains)
                .sorted()
                .map(name -> DynamicTest.dynamicTest("system." + name + ": analysts read it, officers do not", () -> {
                    String sql = "SELECT * FROM system." + name + " LIMIT 1";
                    HttpResponse<String> read = analyst.sql(sql);
                    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                    HttpResponse<String> refused = officers.get("puyan").sql(sql);
                    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
                    assertThat(error(refused)).contains("(got 'system." + name + "')");
                }));
        return Stream.concat(catalogue, refusals(inputs.systemTables(names)));
    }

    /**
     * One dynamic test per input, sent as the analyst, as one of the officers (they take turns), or as both, as the
     * input's audience says; then one that checks that nothing changed. The answers are asked for ahead, four at a
     * time, while the dynamic tests check them in order.
     */
    Stream<DynamicTest> refusals(List<Hostile> hostiles) {
        Stream<DynamicTest> each = IntStream.range(0, hostiles.size())
                .mapToObj(i -> {
                    Hostile h = hostiles.get(i);
                    String officer = OFFICERS.get(i % OFFICERS.size());
                    Map<Optional<String>, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
                    if (h.audience() != Audience.OFFICERS) answers.put(Optional.empty(), ask(parallelAnalyst, h.sql()));
                    if (h.audience() != Audience.ANALYSTS)
                        answers.put(Optional.of(officer), ask(parallelOfficers.get(officer), h.sql()));
                    String name = String.join(
                                    "+",
                                    answers.keySet().stream()
                                            .map(s -> s.orElse("analyst"))
                                            .toList()) + ": " + h.sql().replace("\n", "\\n");
                    return DynamicTest.dynamicTest(name, () -> {
                        for (var a : answers.entrySet())
                            assertAnswer(h, a.getKey(), a.getValue().join());
                    });
                })
                .toList()
                .stream();
        return Stream.concat(each, Stream.of(DynamicTest.dynamicTest("no table changed and no file written", () -> {
            assertThat(tables()).isEqualTo(tablesBefore);
            assertThat(outfile).doesNotExist();
        })));
    }

    static CompletableFuture<HttpResponse<String>> ask(ItClient client, String sql) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return client.sql(sql);
                    } catch (Exception e) {
                        throw new IllegalStateException(sql, e);
                    }
                },
                asking);
    }

    static void assertAnswer(Hostile h, Optional<String> street, HttpResponse<String> r) throws Exception {
        String who = street.orElse("analyst");
        assertThat(r.statusCode()).as("%s: %s -> %s", who, h.sql(), r.body()).isEqualTo(h.status());
        if (h.status() == 200) {
            assertThat(r.body()).as(who).endsWith(",\"rows\":" + h.expected() + "}");
        } else {
            assertThat(error(r)).as(who).contains(h.expected());
        }
        assertNothingOutOfScope(street, r.body());
        assertThat(outfile).doesNotExist();
    }

    /** No file content, no stack trace, and for an officer no value of another street and no enterprise. */
    static void assertNothingOutOfScope(Optional<String> street, String body) {
        assertThat(body)
                .doesNotContain(probeContent)
                .doesNotContain("root:x:0:0")
                .doesNotContain("Stack trace")
                .doesNotContain("at cn.binjiang")
                .doesNotContain("at com.clickhouse");
        street.ifPresent(own -> {
            for (Cell c : CELLS) {
                if (!c.street().equals(own))
                    assertThat(body).as("a value of street '%s'", c.street()).doesNotContain(c.value());
            }
            for (String enterprise : ENTERPRISES.values()) assertThat(body).doesNotContain(enterprise);
        });
    }

    // ---- street officers -------------------------------------------------------------------------------

    /** A read of an officer and the rows it must give: a function of the officer's street. */
    record Read(String sql, Function<String, String> rows) {}

    @TestFactory
    Stream<DynamicTest> everyOfficerReadsOnlyTheirStreetThroughEveryShapeOfQuery() {
        List<Read> reads = List.of(
                new Read("SELECT sum(value) AS v FROM kpi_latest", s -> "[{\"v\":" + sum(s, false) + "}]"),
                new Read(
                        "SELECT count() AS n FROM kpi_latest AS a CROSS JOIN kpi_latest AS b",
                        s -> "[{\"n\":" + count(s) * count(s) + "}]"),
                new Read(
                        "SELECT sum(a.value) AS v FROM kpi_latest AS a JOIN kpi_progress AS b ON a.kpi_id = b.kpi_id AND a.street = b.street "
                                + "WHERE a.industry = ''",
                        s -> "[{\"v\":" + sum(s, true) + "}]"),
                new Read(
                        "SELECT sum(v) AS v FROM (SELECT value AS v FROM (SELECT * FROM kpi_latest))",
                        s -> "[{\"v\":" + sum(s, false) + "}]"),
                new Read(
                        "SELECT sum(v) AS v FROM (SELECT value AS v FROM kpi_latest UNION ALL SELECT actual AS v FROM kpi_progress)",
                        s -> "[{\"v\":" + sum(s, false).add(sum(s, true)) + "}]"),
                new Read(
                        "SELECT sum(value) AS v FROM kpi_latest WHERE kpi_id IN (SELECT kpi_id FROM kpi_progress)",
                        s -> "[{\"v\":" + sum(s, true) + "}]"),
                new Read(
                        "SELECT arrayStringConcat(groupArray(s), ',') AS seen FROM (SELECT arrayJoin(['changhe', 'puyan', 'xixing', '']) AS s) "
                                + "WHERE s IN (SELECT street FROM kpi_latest)",
                        s -> "[{\"seen\":\"" + s + "\"}]"),
                new Read("SELECT (SELECT sum(value) FROM kpi_latest) AS v", s -> "[{\"v\":" + sum(s, false) + "}]"),
                new Read(
                        "SELECT sum(kpi_progress.value) AS v FROM kpi_latest AS kpi_progress",
                        s -> "[{\"v\":" + sum(s, false) + "}]"),
                new Read(
                        "SELECT sum(kpi_latest.actual) AS v FROM kpi_progress AS kpi_latest",
                        s -> "[{\"v\":" + sum(s, true) + "}]"),
                new Read(
                        "SELECT count() AS n FROM kpi_latest WHERE street = 'changhe'",
                        s -> "[{\"n\":" + (s.equals("changhe") ? count(s) : 0) + "}]"),
                new Read("SELECT sum(value) AS v FROM kpi_latest WHERE street = ''", s -> "[{\"v\":0.00}]"),
                new Read(
                        "SELECT street, sum(value) AS v FROM kpi_latest GROUP BY street ORDER BY street",
                        s -> "[{\"street\":\"" + s + "\",\"v\":" + sum(s, false) + "}]"),
                new Read(
                        "SELECT sum(value) OVER () AS v FROM kpi_latest LIMIT 1",
                        s -> "[{\"v\":" + sum(s, false) + "}]"),
                // the issue's runaway: arrayJoin multiplies the officer's rows only, far below the console's memory
                // limit
                new Read(
                        "SELECT any(street) AS street, length(groupArray(v)) AS n FROM (SELECT street, arrayJoin(range(30000)) AS v FROM kpi_latest)",
                        s -> "[{\"street\":\"" + s + "\",\"n\":" + count(s) * 30000 + "}]"));
        List<String> namedSubqueries = List.of(
                "WITH x AS (SELECT * FROM kpi_latest) SELECT sum(value) AS v FROM x",
                "WITH kpi_latest AS (SELECT * FROM kpi_latest) SELECT sum(value) AS v FROM kpi_latest",
                "SELECT * FROM (WITH x AS (SELECT * FROM kpi_progress) SELECT * FROM x)");
        return OFFICERS.stream()
                .flatMap(street -> Stream.concat(
                        reads.stream().map(read -> {
                            CompletableFuture<HttpResponse<String>> answer =
                                    ask(parallelOfficers.get(street), read.sql());
                            return DynamicTest.dynamicTest(street + ": " + read.sql(), () -> {
                                HttpResponse<String> r = answer.join();
                                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                                assertThat(r.body())
                                        .startsWith("{\"scope\":{\"street\":\"" + street + "\"}")
                                        .endsWith(",\"rows\":" + read.rows().apply(street) + "}");
                                assertNothingOutOfScope(Optional.of(street), r.body());
                            });
                        }),
                        namedSubqueries.stream().map(sql -> {
                            CompletableFuture<HttpResponse<String>> answer = ask(parallelOfficers.get(street), sql);
                            return DynamicTest.dynamicTest(street + " may not name subqueries: " + sql, () -> {
                                HttpResponse<String> r = answer.join();
                                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                                assertThat(error(r))
                                        .isEqualTo(
                                                "a street officer's query cannot name subqueries (WITH name AS (...)): write the subquery in FROM");
                            });
                        })))
                .toList()
                .stream();
    }

    /**
     * The dataset's own answer: the sum of a street's cells, or of its district-level-comparable cells (industry '').
     */
    static BigDecimal sum(String street, boolean withoutIndustrySlices) {
        return CELLS.stream()
                .filter(c -> c.street().equals(street)
                        && (!withoutIndustrySlices || c.industry().isEmpty()))
                .map(c -> new BigDecimal(c.value()))
                .reduce(new BigDecimal("0.00"), BigDecimal::add);
    }

    static long count(String street) {
        return CELLS.stream().filter(c -> c.street().equals(street)).count();
    }

    // ---- the cockpit and the console -------------------------------------------------------------------

    @Test
    void aLongConsoleQueryNeitherRunsTwiceForOneUserNorStarvesTheCockpit() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = analyst.sqlAsync(SqlConsoleIT.ENDLESS_QUERY);
        awaitRunning("SELECT *%cityHash64%");

        HttpResponse<String> second = analyst.sql("SELECT 1 AS one");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).contains("10");
        assertThat(error(second)).isEqualTo("you already have 1 console query running: wait for it to finish");

        long t0 = System.nanoTime();
        HttpResponse<String> cards = leader.get("/api/panels/kpi_cards?year=2022");
        assertThat(cards.statusCode()).as(cards.body()).isEqualTo(200);
        JsonNode unions = ItClient.JSON.readTree(cards.body()).get("rows").get(0);
        assertThat(unions.get("kpi_id").asText()).isEqualTo("unions_founded_realname");
        assertThat(unions.get("actual").decimalValue()).isEqualByComparingTo("947.89");
        assertThat((System.nanoTime() - t0) / 1e9)
                .as("the panel's answer while the console works")
                .isLessThan(5);
        assertThat(officers.get("puyan")
                        .sql("SELECT sum(value) AS v FROM kpi_latest")
                        .body())
                .endsWith("\"rows\":[{\"v\":301.20}]}");
        assertThat(slow).isNotDone();

        try (Connection c = stack.connect(database, "default", "");
                Statement s = c.createStatement()) {
            s.execute("KILL QUERY WHERE user = 'console' AND query LIKE 'SELECT *%cityHash64%' SYNC");
        }
        HttpResponse<String> killed = slow.join();
        assertThat(killed.statusCode()).as(killed.body()).isEqualTo(400);
        assertThat(error(killed)).startsWith("ClickHouse: Code: 394.").contains("(QUERY_WAS_CANCELLED)");
        assertThat(analyst.sql("SELECT 1 AS one").body()).endsWith("\"rows\":[{\"one\":1}]}");
    }

    /** Waits until the engine shows a statement of the console user like {@code pattern} running. */
    static void awaitRunning(String pattern) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        try (Connection c = stack.connect(database, "default", "");
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs =
                        s.executeQuery("SELECT count() FROM system.processes WHERE user = 'console' AND query LIKE '"
                                + pattern + "'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no console query like " + pattern + " ran within 20 s");
    }

    // ---- the engine, for reader directly ---------------------------------------------------------------

    @Test
    void theEngineRefusesTheReaderFilesSettingsOutfilesAndUnboundedWork() throws Exception {
        assertEngineRefuses("SELECT * FROM `file`('/etc/hostname', LineAsString)", 497, "(ACCESS_DENIED)");
        assertEngineRefuses("SELECT * FROM file('" + probe + "', LineAsString)", 497, "(ACCESS_DENIED)");
        assertEngineRefuses("SELECT 1 SETTINGS max_execution_time=0", 164, "(READONLY)");
        assertEngineRefuses("SELECT 1 INTO OUTFILE '" + outfile + "'", 358, "(INTO_OUTFILE_NOT_ALLOWED)");
        assertThat(outfile).doesNotExist();
        long t0 = System.nanoTime();
        HttpResponse<String> huge = asReader("SELECT length(groupArray(number)) FROM numbers(400000000)");
        assertThat(huge.statusCode()).isEqualTo(500);
        assertThat(huge.body())
                .containsAnyOf("Code: 241.", "Code: 158.")
                .containsAnyOf("(MEMORY_LIMIT_EXCEEDED)", "(TOO_MANY_ROWS)");
        assertThat((System.nanoTime() - t0) / 1e9)
                .as("refused by the reader's profile, not after minutes")
                .isLessThan(15);
        // clauses whose content EXPLAIN AST does not print must not carry a read past the policy
        assertEngineRefuses("SELECT * APPLY(file) FROM (SELECT '" + probe + "' AS p)", 497, "(ACCESS_DENIED)");
        assertEngineRefuses(
                "SELECT c FROM (SELECT 1 AS x) WINDOW w AS (PARTITION BY (SELECT count() FROM system.server_settings) AS c)",
                497,
                "(ACCESS_DENIED)");
    }

    static void assertEngineRefuses(String sql, int code, String name) throws Exception {
        HttpResponse<String> r = asReader(sql);
        assertThat(r.statusCode()).as("%s -> %s", sql, r.body()).isEqualTo(500);
        assertThat(r.headers().firstValue("X-ClickHouse-Exception-Code"))
                .as(sql)
                .contains(Integer.toString(code));
        assertThat(r.body())
                .as(sql)
                .startsWith("Code: " + code + ".")
                .contains(name)
                .doesNotContain(probeContent);
    }

    static HttpResponse<String> asReader(String sql) throws Exception {
        String credentials = Base64.getEncoder().encodeToString("reader:reader".getBytes(StandardCharsets.UTF_8));
        return ItClient.HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/?database=" + database))
                        .header("Authorization", "Basic " + credentials)
                        .POST(HttpRequest.BodyPublishers.ofString(sql))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    static String error(HttpResponse<String> r) throws Exception {
        return ItClient.JSON.readTree(r.body()).get("error").asText();
    }

    /** Each table of the test's database as "name engine rows": a write, a drop or a new table changes it. */
    static List<String> tables() throws Exception {
        return column("SELECT concat(name, ' ', engine, ' ', ifNull(toString(total_rows), '-')) FROM system.tables "
                + "WHERE database = currentDatabase() ORDER BY name");
    }

    static List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.connect(database, "default", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
