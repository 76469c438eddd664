package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.TestClickHouse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Password guessing is slowed: after N wrong passwords a (user, address) pair gets 429 until the lockout passed. */
class LoginThrottleIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    static HttpResponse<String> login(String base, String user, String password) throws Exception {
        String body = ItClient.JSON.writeValueAsString(Map.of("username", user, "password", password));
        return ItClient.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void afterThreeWrongPasswordsEvenTheRightOneWaitsForTheLockoutAndOtherUsersAreUntouched() throws Exception {
        String db = ItClient.freshDatabase(CLICKHOUSE, "dashboards_throttle");
        try (DashboardServer server = ItClient.server(CLICKHOUSE, db, Map.of("auth.max-failed-logins", "3", "auth.lockout", "2s"))) {
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 3; i++) assertThat(login(base, "analyst", "guess-" + i).statusCode()).isEqualTo(401);

            HttpResponse<String> locked = login(base, "Analyst", "analyst-demo");
            assertThat(locked.statusCode()).as("the right password, locked out (user names match case-insensitively)").isEqualTo(429);
            assertThat(locked.body()).contains("too many failed logins");
            assertThat(locked.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(login(base, "leader", "leader-demo").statusCode()).as("another user").isEqualTo(200);

            Thread.sleep(2_500);
            assertThat(login(base, "analyst", "analyst-demo").statusCode()).as("after the lockout").isEqualTo(200);
        }
    }
}
