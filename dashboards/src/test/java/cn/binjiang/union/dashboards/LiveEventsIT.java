package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.TestClickHouse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live push: SSE clients hear of a new kpi_values row within the poll interval, without reloading;
 * a street officer only of their own street's changes; no stream without a session.
 */
class LiveEventsIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    static DashboardServer server;
    static String base;
    static String db;

    @BeforeAll
    static void start() throws Exception {
        db = ItClient.freshDatabase(CLICKHOUSE, "dashboards_events");
        server = ItClient.server(CLICKHOUSE, db, Map.of("events.poll-interval", "300ms"));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** The data lines of an SSE stream, read on a daemon thread. */
    static BlockingQueue<String> stream(ItClient client) throws Exception {
        HttpResponse<InputStream> r = ItClient.HTTP.send(
                client.request("/api/events")
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; )
                            if (line.startsWith("data:"))
                                lines.add(line.substring(5).strip());
                    } catch (Exception ignored) {
                        // the stream ends with the test
                    }
                },
                "sse-reader");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    @Test
    void aNewKpiValueIsPushedWithinASecondScopedByStreet() throws Exception {
        BlockingQueue<String> leader = stream(ItClient.login(base, "leader", "leader-demo"));
        BlockingQueue<String> puyan = stream(ItClient.login(base, "puyan", "puyan-demo"));
        BlockingQueue<String> xixing = stream(ItClient.login(base, "xixing", "xixing-demo"));
        assertThat(leader.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"hello\",\"street\":null}");
        assertThat(puyan.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"hello\",\"street\":\"puyan\"}");
        assertThat(xixing.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"hello\",\"street\":\"xixing\"}");
        Thread.sleep(700); // the poller has its baseline

        long t0 = System.nanoTime();
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) "
                            + "VALUES ('members_joined', 'day', '2022-04-01', 'puyan', '', '', '', 3, 3, now64(3))");
        }
        String event = leader.poll(3, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(event).isEqualTo("{\"type\":\"kpi-changed\",\"streets\":[\"puyan\"]}");
        assertThat(seconds).as("push delay").isLessThan(3.0);
        System.out.printf("kpi-changed pushed %.3f s after the insert%n", seconds);
        assertThat(puyan.poll(3, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"kpi-changed\",\"streets\":[\"puyan\"]}");
        // xixing's officer hears nothing of puyan
        assertThat(xixing.poll(1500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anAlertTransitionAndAnAcknowledgementArePushedScopedByStreet() throws Exception {
        BlockingQueue<String> leader = stream(ItClient.login(base, "leader", "leader-demo"));
        BlockingQueue<String> xixing = stream(ItClient.login(base, "xixing", "xixing-demo"));
        BlockingQueue<String> changhe = stream(ItClient.login(base, "changhe", "changhe-demo"));
        for (BlockingQueue<String> q : List.of(leader, xixing, changhe))
            assertThat(q.poll(5, TimeUnit.SECONDS)).startsWith("{\"type\":\"hello\"");
        Thread.sleep(700);

        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO alerts (transition_id, alert_id, name, severity, status, street, kpi_id, message, seq, at, notify) "
                            + "VALUES ('x#1', 'x', '西兴单日入会偏高', 'warning', 'firing', 'xixing', 'members_joined', 'm', 1, now64(3), true)");
        }
        String pushed = "{\"type\":\"alerts-changed\",\"streets\":[\"xixing\"]}";
        assertThat(leader.poll(3, TimeUnit.SECONDS)).isEqualTo(pushed);
        assertThat(xixing.poll(3, TimeUnit.SECONDS)).isEqualTo(pushed);
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO alert_acks (alert_id, transition_id, username, acked_at) VALUES ('x', 'x#1', 'xixing', now64(3))");
        }
        assertThat(leader.poll(3, TimeUnit.SECONDS)).isEqualTo(pushed);
        assertThat(changhe.poll(1500, TimeUnit.MILLISECONDS))
                .as("changhe's officer hears nothing of xixing")
                .isNull();
    }

    @Test
    void noStreamWithoutASession() throws Exception {
        HttpResponse<String> r = ItClient.HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/events")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }
}
