package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.TestClickHouse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is slowed: after N wrong passwords a (user, address) pair gets 429 until the lockout
 * passed, and after M wrong passwords from all addresses together the user does, wherever they log in from.
 */
class LoginThrottleIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    static HttpResponse<String> login(String base, String user, String password) throws Exception {
        String body = ItClient.JSON.writeValueAsString(Map.of("username", user, "password", password));
        return ItClient.HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The status of a login sent from the loopback address {@code from} (127.0.0.x): the JDK's HTTP client of
     * the release this module targets cannot choose its local address, so this is HTTP/1.1 on a bound socket.
     */
    static int loginFrom(String from, DashboardServer server, String user, String password) throws Exception {
        byte[] body = ItClient.JSON.writeValueAsBytes(Map.of("username", user, "password", password));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                            + "\r\nContent-Type: application/json\r\n" + "Content-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void afterThreeWrongPasswordsEvenTheRightOneWaitsForTheLockoutAndOtherUsersAreUntouched() throws Exception {
        String db = ItClient.freshDatabase(CLICKHOUSE, "dashboards_throttle");
        try (DashboardServer server =
                ItClient.server(CLICKHOUSE, db, Map.of("auth.max-failed-logins", "3", "auth.lockout", "2s"))) {
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 3; i++)
                assertThat(login(base, "analyst", "guess-" + i).statusCode()).isEqualTo(401);

            HttpResponse<String> locked = login(base, "Analyst", "analyst-demo");
            assertThat(locked.statusCode())
                    .as("the right password, locked out (user names match case-insensitively)")
                    .isEqualTo(429);
            assertThat(locked.body()).contains("too many failed logins");
            assertThat(locked.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(login(base, "leader", "leader-demo").statusCode())
                    .as("another user")
                    .isEqualTo(200);

            Thread.sleep(2_500);
            assertThat(login(base, "analyst", "analyst-demo").statusCode())
                    .as("after the lockout")
                    .isEqualTo(200);
        }
    }

    @Test
    void wrongPasswordsFromSeveralAddressesLockTheUserOutFromEveryAddress() throws Exception {
        String db = ItClient.freshDatabase(CLICKHOUSE, "dashboards_throttle_user");
        try (DashboardServer server = ItClient.server(
                CLICKHOUSE,
                db,
                Map.of("auth.max-failed-logins", "3", "auth.max-failed-logins-per-user", "5", "auth.lockout", "2s"))) {
            for (int i = 0; i < 3; i++)
                assertThat(loginFrom("127.0.0.1", server, "analyst", "guess-" + i))
                        .isEqualTo(401);
            assertThat(loginFrom("127.0.0.1", server, "analyst", "analyst-demo"))
                    .as("127.0.0.1 locked out")
                    .isEqualTo(429);
            for (int i = 3; i < 5; i++)
                assertThat(loginFrom("127.0.0.2", server, "analyst", "guess-" + i))
                        .isEqualTo(401);

            assertThat(loginFrom("127.0.0.3", server, "analyst", "analyst-demo"))
                    .as("five in all: locked out everywhere")
                    .isEqualTo(429);
            assertThat(loginFrom("127.0.0.2", server, "analyst", "analyst-demo"))
                    .isEqualTo(429);
            assertThat(loginFrom("127.0.0.3", server, "leader", "leader-demo"))
                    .as("another user")
                    .isEqualTo(200);

            Thread.sleep(2_500);
            assertThat(loginFrom("127.0.0.3", server, "analyst", "analyst-demo"))
                    .as("after the lockout")
                    .isEqualTo(200);
        }
    }
}
