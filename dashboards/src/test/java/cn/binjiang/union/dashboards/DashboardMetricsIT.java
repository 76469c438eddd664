package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.testkit.TestClickHouse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} of the dashboard server, without a login: requests per route template and status,
 * their latency, refused logins, ClickHouse queries that failed per caller; and nothing that names a user,
 * a street or a panel.
 */
class DashboardMetricsIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    @Test
    void aScrapeCountsRequestsPerRouteRefusedLoginsAndConsoleErrorsAndNamesNoOne() throws Exception {
        // configure
        try (DashboardServer server =
                ItClient.server(CLICKHOUSE, ItClient.freshDatabase(CLICKHOUSE, "dashboards_metrics"), Map.of())) {
            String base = "http://127.0.0.1:" + server.port();

            // produce: a health check, a wrong password, a panel, a panel that does not exist, an API call
            // without a session, a console query ClickHouse fails
            assertThat(get(base, "/api/health").statusCode()).isEqualTo(200);
            String wrong = ItClient.JSON.writeValueAsString(Map.of("username", "xixing", "password", "not-it"));
            assertThat(ItClient.HTTP
                            .send(
                                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(wrong))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
            ItClient analyst = ItClient.login(base, "analyst", "analyst-demo");
            analyst.getJson("/api/panels/kpi_cards?year=2022");
            assertThat(analyst.get("/api/panels/no_such_panel").statusCode()).isEqualTo(404);
            assertThat(get(base, "/api/panels/kpi_cards").statusCode()).isEqualTo(401);
            assertThat(get(base, "/no/such/page").statusCode()).isEqualTo(302);
            assertThat(analyst.sql("SELECT no_such_column FROM kpi_values").statusCode())
                    .isEqualTo(400);

            // verify
            HttpResponse<String> scrape = get(base, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.body())
                    .contains(
                            "dashboard_http_requests_total{method=\"GET\",route=\"/api/health\",status=\"200\"} 1.0",
                            "dashboard_http_requests_total{method=\"POST\",route=\"/api/login\",status=\"401\"} 1.0",
                            "dashboard_http_requests_total{method=\"POST\",route=\"/api/login\",status=\"200\"} 1.0",
                            "dashboard_http_requests_total{method=\"GET\",route=\"/api/panels/{id}\",status=\"200\"} 1.0",
                            "dashboard_http_requests_total{method=\"GET\",route=\"/api/panels/{id}\",status=\"404\"} 1.0",
                            "dashboard_http_requests_total{method=\"GET\",route=\"/api/panels/{id}\",status=\"401\"} 1.0",
                            "dashboard_http_requests_total{method=\"POST\",route=\"/api/sql\",status=\"400\"} 1.0",
                            "dashboard_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"302\"} 1.0",
                            "dashboard_http_request_duration_seconds_count{method=\"GET\",route=\"/api/panels/{id}\"} 3",
                            "dashboard_logins_refused_total{reason=\"wrong-password\"} 1.0",
                            "dashboard_clickhouse_query_errors_total{caller=\"console\"} 1.0");
            assertThat(scrape.body())
                    .as("no user, street, panel or figure")
                    .doesNotContain("xixing", "analyst", "kpi_cards", "no_such", "127.0.0.1");
        }
    }

    @Test
    void aServerWhoseDatabaseHasNoTablesCountsThePagesAndTheLivePushsFailedQueries() throws Exception {
        try (DashboardServer server =
                ItClient.server(CLICKHOUSE, CLICKHOUSE.freshDatabase("dashboards_metrics_empty"), Map.of())) {
            String base = "http://127.0.0.1:" + server.port();
            ItClient leader = ItClient.login(base, "leader", "leader-demo");

            assertThat(leader.get("/api/years").statusCode()).isEqualTo(500);

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(get(base, "/metrics").body())
                                    .contains(
                                            "dashboard_clickhouse_query_errors_total{caller=\"api\"} 1.0",
                                            "dashboard_clickhouse_query_errors_total{caller=\"live-events\"}",
                                            "dashboard_http_requests_total{method=\"GET\",route=\"/api/years\",status=\"500\"} 1.0"));
        }
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return ItClient.HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
