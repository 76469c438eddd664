package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server as other clients see it (issue 8): the official client-v2 and JDBC driver with default
 * settings unless a point is about a setting, and raw HTTP where only headers or bytes can show the point.
 *
 * <p>Longer than 300 lines on purpose: one server started once serves every point of fidelity, each a short test; split, each part would start its own.
 */
@Timeout(60)
class ServerFidelityIT {
    private static final int SLOTS = 4;

    @TempDir
    static Path dir;

    static EmbeddedClickHouseProcess server;
    static Client client;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Queries that must run side by side (the common pool may have a single thread on a small machine). */
    static final java.util.concurrent.ExecutorService BACKGROUND = java.util.concurrent.Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(
                users,
                String.join(
                        "\n",
                        "default.password_sha256_hex =",
                        "analyst.password_sha256_hex = " + ClickHouseServerIT.sha256Hex("look"),
                        "analyst.readonly = true",
                        "analyst.profile.max_memory_usage = 300000000",
                        "analyst.profile.max_execution_time = 5",
                        "analyst.profile.max_concurrent_queries_for_user = 2",
                        "kpi_writer.password_sha256_hex = " + ClickHouseServerIT.sha256Hex("w"),
                        "kpi_writer.databases = kpi",
                        ""));
        server = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                .usersFile(users)
                .maxHeap("256m")
                .maxConcurrentQueries(SLOTS)
                .queueMaxWait(Duration.ofMillis(700))
                .start();
        client = client("default", "");
        client.execute("CREATE DATABASE IF NOT EXISTS kpi").get();
        client.execute("CREATE DATABASE IF NOT EXISTS hr").get();
        client.execute("CREATE TABLE kpi.t (a UInt64) ENGINE = MergeTree ORDER BY a")
                .get();
        client.execute("CREATE TABLE hr.salaries (a UInt64) ENGINE = MergeTree ORDER BY a")
                .get();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            assertThat(server.stop()).isZero();
        }
    }

    // ------------------------------------------------------------ 1. query parameters

    @Test
    void queryParametersAreBoundAndAMissingOneIsUnknownQueryParameter() throws Exception {
        List<GenericRecord> rows =
                client.queryAll("SELECT {x:UInt8} + 1 AS r, {s:String} AS s", Map.of("x", 41, "s", "it's"));
        assertThat(rows.getFirst().getLong("r")).isEqualTo(42);
        assertThat(rows.getFirst().getString("s")).isEqualTo("it's");
        assertThat(serverCode(() -> client.queryAll("SELECT {missing:UInt8}"))).isEqualTo(456);
        try (Connection c = jdbc("default", "");
                PreparedStatement ps = c.prepareStatement("SELECT ? + 1")) {
            ps.setInt(1, 41);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(42);
            }
        }
    }

    // ------------------------------------------------------------ 2. compression both ways

    @Test
    void responsesAreEncodedAsTheClientAsks() throws Exception {
        Map<String, Function<InputStream, InputStream>> decoders = Map.of(
                "gzip",
                unchecked(GZIPInputStream::new),
                "deflate",
                InflaterInputStream::new,
                "zstd",
                unchecked(ZstdInputStream::new),
                "lz4",
                unchecked(LZ4FrameInputStream::new));
        for (var d : decoders.entrySet()) {
            HttpResponse<byte[]> r = HTTP.send(
                    HttpRequest.newBuilder(uri("/?enable_http_compression=1"))
                            .header("Accept-Encoding", d.getKey())
                            .POST(body("SELECT number FROM numbers(1000) FORMAT TSV"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.headers().firstValue("Content-Encoding"))
                    .as(d.getKey())
                    .contains(d.getKey());
            String text = new String(
                    d.getValue().apply(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text.lines().count()).as(d.getKey()).isEqualTo(1000);
        }
        HttpResponse<String> plain = HTTP.send(
                HttpRequest.newBuilder(uri("/"))
                        .header("Accept-Encoding", "gzip")
                        .POST(body("SELECT 1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.headers().firstValue("Content-Encoding"))
                .as("without enable_http_compression")
                .isEmpty();
        assertThat(plain.body()).isEqualTo("1\n");
    }

    @Test
    void compressedRequestBodiesAreAccepted() throws Exception {
        client.execute("CREATE OR REPLACE TABLE enc (a UInt32) ENGINE = Memory").get();
        Map<String, Function<OutputStream, OutputStream>> encoders = Map.of(
                "gzip",
                unchecked(GZIPOutputStream::new),
                "deflate",
                DeflaterOutputStream::new,
                "zstd",
                unchecked(ZstdOutputStream::new),
                "lz4",
                unchecked(LZ4FrameOutputStream::new));
        for (var e : encoders.entrySet()) {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (OutputStream out = e.getValue().apply(packed)) {
                out.write("1\n2\n".getBytes(StandardCharsets.UTF_8));
            }
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(uri("/?query=" + enc("INSERT INTO enc FORMAT TSV")))
                            .header("Content-Encoding", e.getKey())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(packed.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(200);
        }
        // decompress=1 with a ZSTD block (method 0x90), as clients configured for zstd send it.
        byte[] raw = "5\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> block = HTTP.send(
                HttpRequest.newBuilder(uri("/?decompress=1&query=" + enc("INSERT INTO enc FORMAT TSV")))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(zstdBlock(raw)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(block.statusCode()).as(block.body()).isEqualTo(200);
        assertThat(client.queryAll("SELECT sum(a) AS s, count() AS n FROM enc")
                        .getFirst()
                        .getLong("s"))
                .isEqualTo(4 * 3 + 5);
    }

    @Test
    void clientV2WithEveryCompressionOptionRoundTrips() throws Exception {
        try (Client compressed = new Client.Builder()
                .addEndpoint(server.httpUrl())
                .setUsername("default")
                .setPassword("")
                .compressServerResponse(true)
                .compressClientRequest(true)
                .useHttpCompression(true)
                .build()) {
            compressed
                    .execute("CREATE OR REPLACE TABLE v2c (a UInt64, s String) ENGINE = Memory")
                    .get();
            compressed
                    .execute("INSERT INTO v2c SELECT number, toString(number) FROM numbers(5000)")
                    .get();
            assertThat(compressed
                            .queryAll("SELECT sum(a) AS s FROM v2c")
                            .getFirst()
                            .getLong("s"))
                    .isEqualTo(5000L * 4999 / 2);
        }
    }

    // ------------------------------------------------------------ 3. settings honoured per query

    @Test
    void maxExecutionTimeStopsTheQueryWithTimeoutExceeded() throws Exception {
        assertThat(serverCode(() -> client.query(
                                "SELECT sleepEachRow(0.5) FROM numbers(10) FORMAT Null",
                                new QuerySettings().serverSetting("max_execution_time", "1"))
                        .get()
                        .close()))
                .isEqualTo(159);
        long t0 = System.nanoTime(); // timed over raw HTTP: client-v2 retries a 408 twice
        HttpResponse<String> timedOut =
                post("/?max_execution_time=1", "SELECT sleepEachRow(0.5) FROM numbers(10) FORMAT Null", Map.of());
        assertThat(timedOut.body()).startsWith("Code: 159. DB::Exception: Timeout exceeded");
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .as("stopped well before its 5 s")
                .isLessThan(Duration.ofSeconds(4));
        assertThat(serverCode(() -> client.query(
                                "SELECT count() FROM system.numbers", new QuerySettings().setMaxExecutionTime(1))
                        .get()
                        .close()))
                .isEqualTo(159);
    }

    @Test
    void resultLimitsMemoryLimitAndFormatSettingsApplyToThatQueryOnly() throws Exception {
        assertThat(serverCode(() -> client.queryAll(
                        "SELECT number FROM numbers(10)",
                        new QuerySettings()
                                .serverSetting("max_result_rows", "5")
                                .serverSetting("result_overflow_mode", "throw"))))
                .isEqualTo(396);
        assertThat(client.queryAll("SELECT number FROM numbers(10)")).hasSize(10);
        assertThat(serverCode(() -> client.queryAll(
                        "SELECT groupArray(number) FROM numbers(10000000)",
                        new QuerySettings().serverSetting("max_memory_usage", "10000000"))))
                .isEqualTo(241);
        HttpResponse<String> tz = post("/?session_timezone=Asia/Shanghai", "SELECT timezone()", Map.of());
        assertThat(tz.body()).isEqualTo("Asia/Shanghai\n");
        assertThat(tz.headers().firstValue("X-ClickHouse-Timezone")).contains("Asia/Shanghai");
        assertThat(post("/", "SELECT timezone()", Map.of()).body())
                .isEqualTo(client.queryAll("SELECT timezone() AS z").getFirst().getString("z") + "\n");
        assertThat(post(
                                "/?output_format_json_quote_64bit_integers=1",
                                "SELECT toUInt64(7) AS n FORMAT JSONEachRow",
                                Map.of())
                        .body())
                .isEqualTo("{\"n\":\"7\"}\n");
        assertThat(post("/", "SELECT toUInt64(7) AS n FORMAT JSONEachRow", Map.of())
                        .body())
                .isEqualTo("{\"n\":7}\n");
        assertThat(post("/?async_insert=1", "SELECT getSetting('async_insert')", Map.of())
                        .body())
                .isEqualTo("true\n");
        assertThat(post("/", "SELECT getSetting('async_insert')", Map.of()).body())
                .isEqualTo("false\n");
        assertThat(serverCode(() ->
                        client.queryAll("SELECT 1", new QuerySettings().serverSetting("no_such_setting_xyz", "1"))))
                .isEqualTo(115);
        try (Connection c = jdbc("default", "")) {
            assertThat(c.createStatement().executeQuery("SELECT 1 SETTINGS no_such_setting_xyz = 1"))
                    .isNull();
        } catch (SQLException e) {
            assertThat(e.getErrorCode()).isEqualTo(115);
        }
    }

    @Test
    void customSettingsAreTakenAndReadBackAsOnAServer() throws Exception {
        assertThat(post("/?custom_check_option=abc", "SELECT getSetting('custom_check_option')", Map.of())
                        .body())
                .isEqualTo("abc\n");
        assertThat(post(
                                "/",
                                "SELECT getSetting('SQL_mode'), toTypeName(getSetting('custom_n')) SETTINGS SQL_mode = 'ansi', custom_n = 7",
                                Map.of())
                        .body())
                .isEqualTo("ansi\tUInt8\n");
        assertThat(client.queryAll(
                                "SELECT getSetting('custom_check_option') AS v",
                                new QuerySettings().serverSetting("custom_check_option", "v2"))
                        .getFirst()
                        .getString("v"))
                .isEqualTo("v2");
        try (Connection c = jdbc("default", "");
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT number FROM numbers(getSetting('custom_n')) SETTINGS custom_n = 3")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(3);
        }
        // a session keeps what its SET gives it; without a session the SET lasts for its request, as any other setting
        assertThat(code(post("/?session_id=custom", "SET custom_y = 'q'", Map.of())))
                .isEqualTo("none (HTTP 200)");
        assertThat(post("/?session_id=custom", "SELECT getSetting('custom_y')", Map.of())
                        .body())
                .isEqualTo("q\n");
        assertThat(post("/?session_id=custom&custom_y=r", "SELECT getSetting('custom_y')", Map.of())
                        .body())
                .isEqualTo("r\n");
        assertThat(post("/?session_id=custom", "SELECT getSetting('custom_y')", Map.of())
                        .body())
                .isEqualTo("q\n");
        assertThat(code(post("/", "SELECT getSetting('custom_y')", Map.of()))).isEqualTo("115");
        assertThat(code(post("/", "SET custom_z = 1", Map.of()))).isEqualTo("none (HTTP 200)");
        assertThat(code(post("/", "SELECT getSetting('custom_z')", Map.of()))).isEqualTo("115");
        assertThat(code(post(
                        "/?custom_w=1&query=" + enc("INSERT INTO kpi.t SETTINGS custom_v = 1 FORMAT TSV"),
                        "8\n",
                        Map.of())))
                .isEqualTo("none (HTTP 200)");
        // readonly=1 changes no setting, custom ones included
        assertThat(code(post("/?custom_x=1", "SELECT 1", Map.of("Authorization", basic("analyst", "look")))))
                .isEqualTo("164");
    }

    @Test
    void aBodyInsertTakesItsUrlSettingsAndItsOwnSettingsClauseForThatInsertOnly() throws Exception {
        client.execute("CREATE TABLE kpi.csv_rows (a UInt64) ENGINE = MergeTree ORDER BY a")
                .get();
        String insert = "INSERT INTO kpi.csv_rows FORMAT CSV";
        assertThat(post("/?input_format_csv_skip_first_lines=1&query=" + enc(insert), "header\n1\n", Map.of())
                        .statusCode())
                .isEqualTo(200);
        assertThat(post(
                                "/?input_format_csv_skip_first_lines=2&query="
                                        + enc(
                                                "INSERT INTO kpi.csv_rows SETTINGS input_format_csv_skip_first_lines = 1 FORMAT CSV"),
                                "header\n2\n",
                                Map.of())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> unknown = post("/?no_such_setting_xyz=1&query=" + enc(insert), "3\n", Map.of());
        assertThat(code(unknown)).isEqualTo("115");
        assertThat(client.queryAll(
                                "SELECT arrayStringConcat(groupArray(toString(a)), ',') AS a FROM (SELECT a FROM kpi.csv_rows ORDER BY a)")
                        .getFirst()
                        .getString("a"))
                .isEqualTo("1,2");
        for (int i = 0; i < 2 * SLOTS; i++) {
            assertThat(post("/", "SELECT getSetting('input_format_csv_skip_first_lines')", Map.of())
                            .body())
                    .isEqualTo("0\n");
        }
    }

    @Test
    void readonlyRefusesWritesForThatQuery() throws Exception {
        assertThat(serverCode(() -> client.query(
                                "INSERT INTO kpi.t VALUES (1)", new QuerySettings().serverSetting("readonly", "1"))
                        .get()
                        .close()))
                .isEqualTo(164);
        try (Connection c = jdbc("analyst", "look");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO kpi.t VALUES (1)"))
                    .satisfies(
                            e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(164));
        }
    }

    // ------------------------------------------------------------ 4. sessions

    @Test
    void sessionsKeepSettingsAndTemporaryTablesPrivate() throws Exception {
        assertThat(post("/?session_id=s1", "SET max_threads = 1", Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(post("/?session_id=s1", "CREATE TEMPORARY TABLE tmp (a UInt8)", Map.of())
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/?session_id=s1", "INSERT INTO tmp VALUES (7)", Map.of())
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/?session_id=s1", "SELECT getSetting('max_threads'), sum(a) FROM tmp", Map.of())
                        .body())
                .isEqualTo("1\t7\n");
        // A per-query setting in a session lasts for that query; the session's own SET comes back.
        assertThat(post("/?session_id=s1&max_threads=3", "SELECT getSetting('max_threads')", Map.of())
                        .body())
                .isEqualTo("3\n");
        assertThat(post("/?session_id=s1", "SELECT getSetting('max_threads')", Map.of())
                        .body())
                .isEqualTo("1\n");
        assertThat(code(post("/?session_id=s2", "SELECT * FROM tmp", Map.of()))).isEqualTo("60");
        assertThat(post("/", "SELECT getSetting('max_threads') = 1", Map.of()).body())
                .isEqualTo("0\n");
        assertThat(code(post("/?session_id=s1", "SELECT 1", Map.of("Authorization", basic("analyst", "look")))))
                .isEqualTo("372");
        assertThat(code(post("/?session_id=never-opened&session_check=1", "SELECT 1", Map.of())))
                .isEqualTo("372");
        assertThat(post("/?session_id=short&session_timeout=1", "SET max_threads = 1", Map.of())
                        .statusCode())
                .isEqualTo(200);
        // As in ClickHouse, each request sets the session's timeout (default 60 s) for the time after it.
        assertThat(post("/?session_id=short&session_check=1&session_timeout=1", "SELECT 1", Map.of())
                        .statusCode())
                .isEqualTo(200);
        Thread.sleep(2_500);
        assertThat(code(post("/?session_id=short&session_check=1", "SELECT 1", Map.of())))
                .isEqualTo("372");
    }

    // ------------------------------------------------------------ 5. streaming, cancellation, concurrency

    @Test
    void anEndlessResultStreamsAndStopsWhenTheClientStopsReading() throws Exception {
        // Read as curl -N | head does: the client closes the connection after the rows it wants. (client-v2 and
        // the JDBC driver drain a response on close, so against any server they need a LIMIT for this.)
        HttpResponse<InputStream> r = HTTP.send(
                HttpRequest.newBuilder(uri("/?query_id=endless"))
                        .POST(body("SELECT number FROM system.numbers"))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 100_000; i++) {
                assertThat(lines.readLine()).isEqualTo(Integer.toString(i));
            }
        }
        awaitNotRunning("endless");
        assertThat(client.queryAll("SELECT 1 AS one").getFirst().getLong("one")).isEqualTo(1);
    }

    @Test
    void killQueryByClientQueryIdStopsItAndProcessesShowsIt() throws Exception {
        CompletableFuture<Integer> victim = CompletableFuture.supplyAsync(
                () -> serverCode(() -> client.query(
                                "SELECT sleepEachRow(0.1) FROM numbers(300) SETTINGS max_block_size = 1 FORMAT Null",
                                new QuerySettings().setQueryId("kill-me"))
                        .get()
                        .close()),
                BACKGROUND);
        awaitRunning("kill-me");
        try (Connection c = jdbc("default", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT user, query FROM system.processes WHERE query_id = 'kill-me'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("default");
            assertThat(rs.getString(2)).contains("sleepEachRow");
            s.execute("KILL QUERY WHERE query_id = 'kill-me'");
        }
        assertThat(victim.get()).isEqualTo(394);
        // A read-only user sees and kills only its own queries.
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(
                () -> serverCode(() -> client.query(
                                "SELECT sleepEachRow(0.1) FROM numbers(20) SETTINGS max_block_size = 1 FORMAT Null",
                                new QuerySettings().setQueryId("not-yours"))
                        .get()
                        .close()),
                BACKGROUND);
        awaitRunning("not-yours");
        Map<String, String> analyst = Map.of("Authorization", basic("analyst", "look"));
        assertThat(post("/", "SELECT count() FROM system.processes WHERE query_id = 'not-yours'", analyst)
                        .body())
                .isEqualTo("0\n");
        assertThat(post("/", "KILL QUERY WHERE query_id = 'not-yours'", analyst).statusCode())
                .isEqualTo(200);
        assertThat(other.get()).as("finished normally").isEqualTo(0);
    }

    @Test
    void jdbcStatementCancelStopsARunningQuery() throws Exception {
        try (Connection c = jdbc("default", "");
                Statement s = c.createStatement()) {
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(
                    () -> {
                        try (ResultSet rs = s.executeQuery(
                                "SELECT sleepEachRow(0.1) FROM numbers(300) SETTINGS max_block_size = 1")) {
                            while (rs.next()) {
                                // drain
                            }
                            return "completed";
                        } catch (SQLException e) {
                            return e;
                        }
                    },
                    BACKGROUND);
            Thread.sleep(1_000);
            s.cancel();
            long t0 = System.nanoTime();
            assertThat(running.get()).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aLongQueryDoesNotBlockOthersAndAFullServerRefusesWithinTheQueueWait() throws Exception {
        List<CompletableFuture<Integer>> longOnes = new java.util.ArrayList<>();
        longOnes.add(sleepy("long-0"));
        awaitRunning("long-0");
        assertThat(post("/", "SELECT 1", Map.of()).body()).isEqualTo("1\n");
        assertThat(longOnes.getFirst())
                .as("answered while the long query still runs, not queued behind it")
                .isNotDone();
        // Watching system.processes takes a slot too, so the last long query is only given time to start.
        for (int i = 1; i < SLOTS - 1; i++) {
            longOnes.add(sleepy("long-" + i));
            awaitRunning("long-" + i);
        }
        longOnes.add(sleepy("last"));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        HttpResponse<String> refused = post("/", "SELECT 1", Map.of());
        assertThat(code(refused)).isEqualTo("202");
        assertThat(refused.body()).contains("TOO_MANY_SIMULTANEOUS_QUERIES");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(3));
        for (CompletableFuture<Integer> f : longOnes) {
            assertThat(f.get()).isZero();
        }
    }

    // ------------------------------------------------------------ 6. headers

    @Test
    void headersNameTheFormatProducedAndTheTrueSummary() throws Exception {
        HttpResponse<String> r = post(
                "/?default_format=CSV",
                "SELECT number FROM numbers(1000) WHERE number % 100 = 0 FORMAT JSONEachRow",
                Map.of());
        assertThat(r.headers().firstValue("X-ClickHouse-Format")).contains("JSONEachRow");
        String summary = r.headers().firstValue("X-ClickHouse-Summary").orElseThrow();
        assertThat(summary)
                .contains("\"read_rows\":\"1000\"")
                .contains("\"result_rows\":\"10\"")
                .contains("\"written_rows\":\"0\"");
        client.execute("CREATE OR REPLACE TABLE written (a UInt64) ENGINE = MergeTree ORDER BY a")
                .get();
        HttpResponse<String> insert = post("/", "INSERT INTO written SELECT number FROM numbers(25)", Map.of());
        assertThat(insert.headers().firstValue("X-ClickHouse-Summary").orElseThrow())
                .contains("\"written_rows\":\"25\"");
        try (QueryResponse q = client.query("SELECT number FROM numbers(1000) WHERE number % 143 = 0")
                .get()) {
            assertThat(q.getResultRows()).isEqualTo(7);
            assertThat(q.getReadRows()).isEqualTo(1000);
        }
        String zone = client.queryAll("SELECT timezone() AS z").getFirst().getString("z");
        assertThat(post("/", "SELECT 1", Map.of()).headers().firstValue("X-ClickHouse-Timezone"))
                .contains(zone);
    }

    @Test
    void anInsertsSummaryCountsTheRowsOfItsBodyAsRead() throws Exception {
        client.execute("CREATE OR REPLACE TABLE kpi.counted (a UInt64, s String) ENGINE = MergeTree ORDER BY a")
                .get();
        String summary = post("/?query=" + enc("INSERT INTO kpi.counted FORMAT TSV"), "1\tx\n2\ty\n3\tz\n", Map.of())
                .headers()
                .firstValue("X-ClickHouse-Summary")
                .orElseThrow();
        assertThat(summary).contains("\"read_rows\":\"3\"", "\"written_rows\":\"3\"", "\"result_rows\":\"3\"");
        // a server counts the blocks it parsed, which a plain insert writes as they are
        assertThat(summaryField(summary, "read_bytes"))
                .isPositive()
                .isEqualTo(summaryField(summary, "written_bytes"))
                .isEqualTo(summaryField(summary, "result_bytes"));
        try (InsertResponse inserted = client.insert(
                        "kpi.counted",
                        new ByteArrayInputStream("4\tw\n5\tv\n".getBytes(StandardCharsets.UTF_8)),
                        ClickHouseFormat.TSV)
                .get()) {
            assertThat(inserted.getReadRows()).isEqualTo(2);
            assertThat(inserted.getWrittenRows()).isEqualTo(2);
        }
        String values = post("/", "INSERT INTO kpi.counted VALUES (6, 'u')", Map.of())
                .headers()
                .firstValue("X-ClickHouse-Summary")
                .orElseThrow();
        assertThat(values).contains("\"read_rows\":\"1\"", "\"written_rows\":\"1\"");
        // INSERT SELECT reads what its SELECT reads, and its result is what it wrote
        String select = post("/", "INSERT INTO kpi.counted SELECT number, 'n' FROM numbers(10)", Map.of())
                .headers()
                .firstValue("X-ClickHouse-Summary")
                .orElseThrow();
        assertThat(select).contains("\"read_rows\":\"10\"", "\"written_rows\":\"10\"", "\"result_rows\":\"10\"");
    }

    // ------------------------------------------------------------ 7. one statement per request

    @Test
    void multiStatementsAreRefusedInTheParsersWordsAndATrailingSemicolonIsNot() throws Exception {
        assertThat(serverCode(() -> client.queryAll("SELECT 1; SELECT 2"))).isEqualTo(62);
        String version = post("/", "SELECT version()", Map.of()).body().strip();
        HttpResponse<String> r = post("/", "SELECT 1; SELECT 2", Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .isEqualTo(
                        "Code: 62. DB::Exception: Syntax error (Multi-statements are not allowed): failed at position 9 "
                                + "(end of query): ; SELECT 2. . (SYNTAX_ERROR) (version " + version + ")\n");
        // the URL's statement and the body are one text, as on a server; a text of several lines also gets line and
        // column
        assertThat(post("/?query=" + enc("SELECT 'é'"), "; SELECT 2", Map.of()).body())
                .isEqualTo("Code: 62. DB::Exception: Syntax error "
                        + "(Multi-statements are not allowed): failed at position 13 (end of query) (line 2, col 1): ; SELECT 2. . (SYNTAX_ERROR) "
                        + "(version " + version + ")\n");
        assertThat(post("/", "SELECT 1;", Map.of()).body()).isEqualTo("1\n");
        assertThat(post("/", "SELECT 1 ;; ", Map.of()).body()).isEqualTo("1\n");
        assertThat(client.queryAll("SELECT 1 AS one;").getFirst().getLong("one"))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------ 8. access control

    @Test
    void credentialsAndGrantsAreEnforcedForEveryStatement() throws Exception {
        try (Client wrong = client("default", "definitely-wrong")) {
            assertThat(serverCode(() -> wrong.queryAll("SELECT 1"))).isEqualTo(516);
        }
        try (Client limited = client("kpi_writer", "w")) {
            limited.execute("INSERT INTO kpi.t VALUES (1)").get();
            assertThat(limited.queryAll("SELECT count() AS n FROM kpi.t")
                            .getFirst()
                            .getLong("n"))
                    .isPositive();
            assertThat(limited.queryAll("SELECT 1 AS one")).hasSize(1);
            assertThat(serverCode(() -> limited.queryAll("SELECT * FROM hr.salaries")))
                    .isEqualTo(497);
            assertThat(serverCode(() -> limited.queryAll("SELECT * FROM kpi.t WHERE a IN (SELECT a FROM hr.salaries)")))
                    .isEqualTo(497);
            assertThat(serverCode(() -> limited.queryAll("SELECT * FROM merge('hr', '.*')")))
                    .isEqualTo(497);
            assertThat(serverCode(() -> limited.queryAll("SELECT * FROM system.users")))
                    .isEqualTo(497);
            assertThat(limited
                            .queryAll(
                                    "SELECT DISTINCT database FROM system.tables WHERE database NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema')")
                            .stream()
                            .map(g -> g.getString("database"))
                            .toList())
                    .containsExactly("kpi");
        }
        try (Connection c = jdbc("kpi_writer", "w");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM hr.salaries"))
                    .satisfies(
                            e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(497));
        }
        assertThat(code(post(
                        "/?database=hr",
                        "SELECT count() FROM salaries",
                        Map.of("Authorization", basic("kpi_writer", "w")))))
                .isEqualTo("497");
        assertThat(code(post("/", "SELECT * FROM system.grants", Map.of("Authorization", basic("analyst", "look")))))
                .isEqualTo("497");
    }

    @Test
    void aDatabaseCreatedAfterALimitedUsersQueriesIsStillClosedToThem() throws Exception {
        try (Client limited = client("kpi_writer", "w")) {
            String query = "SELECT count() AS n FROM kpi.t";
            limited.queryAll(query);
            client.execute("CREATE DATABASE late").get();
            client.execute("CREATE TABLE late.t (a UInt64) ENGINE = MergeTree ORDER BY a")
                    .get();
            // the policy read the database names for the first query: they must not hide the new one, twice over (the
            // second time from a remembered parse)
            assertThat(serverCode(() -> limited.queryAll("SELECT count() AS n FROM late.t")))
                    .isEqualTo(497);
            assertThat(serverCode(() -> limited.queryAll("SELECT count() AS n FROM late.t")))
                    .isEqualTo(497);
            assertThat(limited.queryAll(query).getFirst().getLong("n")).isNotNegative();
        }
    }

    @Test
    void theAccessPolicyReadsTheEnginesParseNotTheText() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret-line\n");
        Map<String, String> analyst = Map.of("Authorization", basic("analyst", "look"));
        Map<String, String> writer = Map.of("Authorization", basic("kpi_writer", "w"));
        String file = "file('" + secret + "', 'LineAsString')";
        for (String sql : List.of(
                "SELECT * FROM " + file,
                "SELECT * FROM `file`('" + secret + "', 'LineAsString')",
                "SELECT $$'$$ AS h, line FROM " + file + " -- '",
                "SELECT $t$'$t$ AS h, * FROM FILE('" + secret + "') -- '",
                "SELECT file('" + secret + "')",
                "SELECT * FROM url('http://127.0.0.1:1/x', 'LineAsString')",
                "SELECT * FROM (SELECT * FROM " + file + ")",
                "SELECT 1 WHERE 'x' IN (SELECT line FROM " + file + ")",
                "EXPLAIN PIPELINE SELECT * FROM " + file)) {
            HttpResponse<String> r = post("/", sql, analyst);
            assertThat(code(r)).as(sql).isEqualTo("497");
            assertThat(r.body()).as(sql).doesNotContain("the-secret-line");
        }
        // a database-limited user: tables behind heredocs, IN, quoted names and INSERT targets are seen
        for (String sql : List.of(
                "SELECT $$'$$, * FROM hr.salaries -- '",
                "SELECT 1 FROM kpi.t WHERE a IN hr.salaries",
                "SELECT * FROM `hr`.`salaries`",
                "INSERT INTO hr.salaries VALUES (1)",
                "SELECT joinGet('hr.j', 'a', 1)")) {
            assertThat(code(post("/?database=kpi", sql, writer))).as(sql).isEqualTo("497");
        }
        assertThat(code(post("/?database=kpi", "INSERT INTO kpi.t VALUES (7)", writer)))
                .isEqualTo("none (HTTP 200)");
        // INTO OUTFILE is a client's feature: refused for every user, the file never written
        Path out = dir.resolve("outfile.txt");
        for (Map<String, String> user : List.of(Map.<String, String>of(), analyst)) {
            assertThat(code(post("/", "SELECT $$'$$ AS h, 'x' INTO OUTFILE '" + out + "' FORMAT TSVRaw -- '", user)))
                    .isEqualTo("358");
        }
        assertThat(out).doesNotExist();
        // the profile: a SETTINGS clause cannot lift it, the request's settings are overridden, the engine enforces it
        assertThat(code(post("/", "SELECT 1 SETTINGS max_execution_time = 0", analyst)))
                .isEqualTo("164");
        assertThat(code(post("/", "SELECT * FROM (SELECT 1 SETTINGS max_memory_usage = 0)", analyst)))
                .isEqualTo("164");
        assertThat(code(post(
                        "/?max_memory_usage=0", "SELECT length(groupArray(number)) FROM numbers(100000000)", analyst)))
                .isEqualTo("241");
        assertThat(post("/", "SELECT getSetting('max_memory_usage')", analyst)
                        .body()
                        .strip())
                .isEqualTo("300000000");
        assertThat(post("/", "SELECT getSetting('max_memory_usage')", Map.of())
                        .body()
                        .strip())
                .isEqualTo("0");
        // two of the analyst's queries at once, and a third is refused
        try (Client a = client("analyst", "look")) {
            List<CompletableFuture<Integer>> running = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String id = "profile-" + i + "-" + System.nanoTime();
                running.add(CompletableFuture.supplyAsync(
                        () -> serverCode(() -> a.query(
                                        "SELECT sleepEachRow(0.1) FROM numbers(20) FORMAT Null",
                                        new QuerySettings().setQueryId(id))
                                .get()
                                .close()),
                        BACKGROUND));
                awaitRunning(id);
            }
            assertThat(code(post("/", "SELECT 1", analyst))).isEqualTo("202");
            assertThat(code(post("/", "SELECT 1", Map.of()))).isEqualTo("none (HTTP 200)");
            running.forEach(CompletableFuture::join);
        }
    }

    @Test
    void theRealServersUsersSqlParsesAndGivesTheLocalUsersTheirProfiles() throws Exception {
        String sql = Files.readString(Path.of("../clickhouse/users.sql"));
        List<String> statements = java.util.Arrays.stream(sql.split(";\\s*\\n"))
                .map(String::strip)
                .map(st -> st.lines()
                        .filter(l -> !l.startsWith("--"))
                        .collect(java.util.stream.Collectors.joining("\n"))
                        .strip())
                .filter(st -> !st.isEmpty())
                .toList();
        assertThat(statements).hasSizeGreaterThan(20);
        for (String statement : statements) {
            // the engine's parser knows every statement (chDB has no users of its own to create them)
            assertThat(client.queryAll("SELECT formatQuery(" + Sql.quote(statement) + ") AS f")
                            .getFirst()
                            .getString("f"))
                    .as(statement)
                    .isNotBlank();
        }
        java.util.Properties local = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("config/local-users.properties"))) {
            local.load(in);
        }
        Map<String, String> profiles = Map.of("reader", "kpi_reader", "console", "kpi_console");
        profiles.forEach((user, profile) -> {
            String block = statements.stream()
                    .filter(st -> st.startsWith("CREATE SETTINGS PROFILE OR REPLACE " + profile + " "))
                    .findFirst()
                    .orElseThrow();
            Map<String, String> real = new java.util.TreeMap<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(\\w+) = '?(\\w+)'? CONST").matcher(block);
            while (m.find()) {
                if (!m.group(1).equals("readonly")) real.put(m.group(1), m.group(2));
            }
            Map<String, String> embedded = new java.util.TreeMap<>();
            local.stringPropertyNames().stream()
                    .filter(k -> k.startsWith(user + ".profile."))
                    .forEach(k -> embedded.put(
                            k.substring((user + ".profile.").length()),
                            local.getProperty(k).strip()));
            assertThat(real).as(user).isEqualTo(embedded).isNotEmpty();
        });
    }

    // ------------------------------------------------------------ 9. INSERT bodies as a server reads them

    @Test
    void aBodyInsertWithoutColumnsGivesNoValueForEphemeralColumnsAsAValuesInsertDoes() throws Exception {
        client.execute("CREATE OR REPLACE TABLE kpi.eph (a String, c String EPHEMERAL, d String DEFAULT upper(c), "
                        + "m String MATERIALIZED lower(a)) ENGINE = MergeTree ORDER BY a")
                .get();
        assertThat(code(post("/?query=" + enc("INSERT INTO kpi.eph FORMAT TSV"), "Y\tq\n", Map.of())))
                .isEqualTo("none (HTTP 200)");
        assertThat(code(post("/?query=" + enc("INSERT INTO kpi.eph (a) FORMAT TSV"), "Z\n", Map.of())))
                .isEqualTo("none (HTTP 200)");
        assertThat(code(post("/?query=" + enc("INSERT INTO kpi.eph (a, c) FORMAT TSV"), "W\tw\n", Map.of())))
                .isEqualTo("none (HTTP 200)");
        assertThat(code(post(
                        "/?session_id=eph&database=kpi&query=" + enc("INSERT INTO eph FORMAT CSV"), "X,x\n", Map.of())))
                .isEqualTo("none (HTTP 200)");
        client.execute("INSERT INTO kpi.eph VALUES ('V', 'v')").get();
        client.insert(
                        "kpi.eph",
                        new ByteArrayInputStream("U\tu\n".getBytes(StandardCharsets.UTF_8)),
                        ClickHouseFormat.TSV)
                .get()
                .close();
        assertThat(post("/", "SELECT a, d, m FROM kpi.eph ORDER BY a FORMAT CSV", Map.of())
                        .body())
                .isEqualTo(
                        "\"U\",\"u\",\"u\"\n\"V\",\"v\",\"v\"\n\"W\",\"W\",\"w\"\n\"X\",\"x\",\"x\"\n\"Y\",\"q\",\"y\"\n\"Z\",\"\",\"z\"\n");
        // a column added later is read too: the table's columns are read again after DDL
        client.execute("ALTER TABLE kpi.eph ADD COLUMN f String").get();
        assertThat(code(post("/?query=" + enc("INSERT INTO kpi.eph FORMAT TSV"), "T\tt\tf\n", Map.of())))
                .isEqualTo("none (HTTP 200)");
        assertThat(post("/", "SELECT d, f FROM kpi.eph WHERE a = 'T'", Map.of()).body())
                .isEqualTo("t\tf\n");
    }

    @Test
    void aBodyInsertsErrorHasOnePrefixAndNamesNoFileOfTheServer() throws Exception {
        client.execute("CREATE OR REPLACE TABLE kpi.two (a String, b String) ENGINE = MergeTree ORDER BY a")
                .get();
        String version = post("/", "SELECT version()", Map.of()).body().strip();
        for (String session : List.of("", "&session_id=two")) {
            HttpResponse<String> r =
                    post("/?query=" + enc("INSERT INTO kpi.two FORMAT TSV") + session, "Y\n", Map.of());
            assertThat(code(r)).isEqualTo("27");
            assertThat(r.body())
                    .as(session)
                    .startsWith(
                            "Code: 27. DB::Exception: Cannot parse input: expected '\\t' before: '\\n': (at row 1)\n")
                    .endsWith(
                            "\n: While executing ParallelParsingBlockInputFormat. (CANNOT_PARSE_INPUT_ASSERTION_FAILED) (version "
                                    + version + ")\n")
                    .doesNotContain("http-spool", "file/uri", "While executing File", "data for INSERT");
            assertThat(r.body().split("Code: ", -1)).as(session).hasSize(2);
        }
        ServerException e = serverException(() -> client.insert(
                        "kpi.two",
                        new ByteArrayInputStream("Y\n".getBytes(StandardCharsets.UTF_8)),
                        ClickHouseFormat.TSV)
                .get()
                .close());
        assertThat(e.getCode()).isEqualTo(27);
        assertThat(e.getMessage()).doesNotContain("http-spool").containsOnlyOnce("Code: 27.");
    }

    // ------------------------------------------------------------ 10. system logs (README: not there, and what a
    // client has instead)

    @Test
    void thereAreNoSystemLogTables() throws Exception {
        for (String table : List.of("query_log", "part_log", "text_log")) {
            assertThat(code(post("/", "SELECT count() FROM system." + table, Map.of())))
                    .as(table)
                    .isEqualTo("60");
        }
        assertThat(code(post(
                        "/",
                        "SELECT count() FROM system.query_log",
                        Map.of("Authorization", basic("analyst", "look")))))
                .isEqualTo("497");
    }

    // ------------------------------------------------------------ helpers

    /** A query of about 3 s, run in the background; completes with its error code or 0. */
    static CompletableFuture<Integer> sleepy(String queryId) {
        return CompletableFuture.supplyAsync(
                () -> serverCode(() -> client.query(
                                "SELECT sleepEachRow(0.1) FROM numbers(30) SETTINGS max_block_size = 1 FORMAT Null",
                                new QuerySettings().setQueryId(queryId))
                        .get()
                        .close()),
                BACKGROUND);
    }

    static Client client(String user, String password) {
        return new Client.Builder()
                .addEndpoint(server.httpUrl())
                .setUsername(user)
                .setPassword(password)
                .build();
    }

    static Connection jdbc(String user, String password) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), user, password);
    }

    interface Call {
        void run() throws Exception;
    }

    /** The ClickHouse error code a client call failed with, or 0 when it succeeded. */
    static int serverCode(Call call) {
        try {
            call.run();
            return 0;
        } catch (Exception e) {
            return serverException(e).getCode();
        }
    }

    /** The server's error a client call failed with. */
    static ServerException serverException(Call call) {
        try {
            call.run();
        } catch (Exception e) {
            return serverException(e);
        }
        throw new AssertionError("the call succeeded");
    }

    private static ServerException serverException(Exception e) {
        Throwable t = e instanceof ExecutionException ? e.getCause() : e;
        while (t != null && !(t instanceof ServerException)) {
            t = t.getCause();
        }
        if (t == null) {
            throw new AssertionError("not a server error", e);
        }
        return (ServerException) t;
    }

    /** A number in an X-ClickHouse-Summary header. */
    static long summaryField(String summary, String name) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"" + name + "\":\"(\\d+)\"").matcher(summary);
        assertThat(m.find()).as(name + " in " + summary).isTrue();
        return Long.parseLong(m.group(1));
    }

    static void awaitRunning(String queryId) throws Exception {
        awaitProcesses(queryId, true);
    }

    static void awaitNotRunning(String queryId) throws Exception {
        awaitProcesses(queryId, false);
    }

    private static void awaitProcesses(String queryId, boolean running) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String n = post(
                            "/",
                            "SELECT count() FROM system.processes WHERE query_id = " + Sql.quote(queryId),
                            Map.of())
                    .body()
                    .strip();
            if (n.equals(running ? "1" : "0")) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("query %s running=%s", queryId, running)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static byte[] zstdBlock(byte[] raw) {
        byte[] packed = Zstd.compress(raw);
        byte[] block = new byte[9 + packed.length];
        block[0] = (byte) 0x90;
        putIntLE(block, 1, block.length);
        putIntLE(block, 5, raw.length);
        System.arraycopy(packed, 0, block, 9, packed.length);
        long[] hash = com.clickhouse.data.ClickHouseCityHash.cityHash128(block, 0, block.length);
        byte[] framed = new byte[16 + block.length];
        for (int i = 0; i < 8; i++) {
            framed[i] = (byte) (hash[0] >>> (8 * i));
            framed[8 + i] = (byte) (hash[1] >>> (8 * i));
        }
        System.arraycopy(block, 0, framed, 16, block.length);
        return framed;
    }

    private static void putIntLE(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
    }

    interface IoFunction<A, B> {
        B apply(A a) throws Exception;
    }

    static <A, B> Function<A, B> unchecked(IoFunction<A, B> f) {
        return a -> {
            try {
                return f.apply(a);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static String code(HttpResponse<?> r) {
        return r.headers().firstValue("X-ClickHouse-Exception-Code").orElse("none (HTTP " + r.statusCode() + ")");
    }

    static URI uri(String pathAndQuery) {
        return URI.create(server.httpUrl() + pathAndQuery);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpRequest.BodyPublisher body(String sql) {
        return HttpRequest.BodyPublishers.ofString(sql);
    }

    static HttpResponse<String> post(String pathAndQuery, String sql, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).POST(body(sql));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return ClickHouseServerIT.basic(user, password);
    }
}
