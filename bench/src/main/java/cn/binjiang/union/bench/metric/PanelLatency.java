package cn.binjiang.union.bench.metric;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.bench.service.ChildJvm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Query latency as the cockpit feels it: the dashboard server (its own JVM, the stack's config,
 * the run's database) asked for every panel of every dashboard by a logged-in leader, one request
 * at a time, timed at the client.
 */
public final class PanelLatency {
    private static final int WARM_UP = 5;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PanelLatency() {}

    public static Map<String, Latency> measure(BenchOptions options, BenchRun run, String jdbcUrl) throws Exception {
        int port = ChildJvm.freePort();
        Path dir = options.workDir().resolve(run.id());
        try (ChildJvm server = ChildJvm.start(
                "the dashboard server",
                options.dashboardClasspath(),
                List.of("-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + dir.resolve("tmp")),
                "cn.binjiang.union.dashboards.DashboardServer",
                List.of(
                        "--config",
                        options.dashboardConfig().toString(),
                        "--server.port",
                        Integer.toString(port),
                        "--clickhouse.url",
                        jdbcUrl),
                dir.resolve("dashboard.log"))) {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            server.awaitAnswer(http, base + "/api/health", response -> response.statusCode() == 200, START_TIMEOUT);
            login(http, base);
            Map<String, Latency> panels = new LinkedHashMap<>();
            for (String panel : panelIds(http, base)) {
                panels.put(panel, time(http, base + "/api/panels/" + panel, options.queryRounds()));
                System.err.printf(
                        "query latency: panel %-28s p50 %6.1f ms  p99 %6.1f ms%n",
                        panel, panels.get(panel).p50(), panels.get(panel).p99());
            }
            return panels;
        }
    }

    private static Latency time(HttpClient http, String url, int rounds) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .build();
        Histogram micros = Latency.histogram();
        for (int i = 0; i < WARM_UP + rounds; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long elapsed = System.nanoTime() - started;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        url + " answered " + response.statusCode() + ": " + new String(response.body()));
            }
            if (i >= WARM_UP) micros.recordValue(elapsed / 1_000);
        }
        return Latency.of(micros);
    }

    /** As the demo's district leader (the bundled demo users: the stack's dashboard runs in demo mode). */
    private static void login(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"leader\",\"password\":\"leader-demo\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
            throw new IllegalStateException("login as leader: " + response.statusCode() + " " + response.body());
    }

    private static List<String> panelIds(HttpClient http, String base) throws IOException, InterruptedException {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode dashboard : get(http, base + "/api/dashboards")) {
            for (JsonNode panel : get(
                            http,
                            base + "/api/dashboards/" + dashboard.get("name").asText())
                    .get("panels")) {
                ids.add(panel.get("id").asText());
            }
        }
        return List.copyOf(ids);
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(url + " answered " + response.statusCode());
        return JSON.readTree(response.body());
    }
}
