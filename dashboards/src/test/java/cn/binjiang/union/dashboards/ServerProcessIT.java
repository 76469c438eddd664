package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server as shipped: its own JVM on the module's classes and runtime classpath
 * ({@code target/runtime-classpath.txt}, what a launcher uses), not the test classpath, so a missing
 * runtime dependency shows here. No ClickHouse is needed to log in; panels would answer 500.
 */
class ServerProcessIT {
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @Test
    void startsInDemoModeServesTheLoginPageAndLogsIn() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/runtime-classpath.txt")).strip();
        Path log = Path.of("target/server-process-it.log");
        Process p = new ProcessBuilder(List.of(
                        JAVA.toString(),
                        "-cp",
                        classpath,
                        DashboardServer.class.getName(),
                        "--config",
                        "config/local.yaml",
                        "--server.port",
                        Integer.toString(port),
                        "--clickhouse.url",
                        "jdbc:clickhouse://127.0.0.1:1/default"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (health == null && System.nanoTime() < deadline) {
                assertThat(p.isAlive())
                        .as("server process exited: %s", Files.readString(log))
                        .isTrue();
                try {
                    health = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(health)
                    .as("server did not answer: %s", Files.readString(log))
                    .isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("滨江区总工会领导驾驶舱");
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"leader\",\"password\":\"leader-demo\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode())
                    .as("%s / %s", login.body(), Files.readString(log))
                    .isEqualTo(200);
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    void productionWithoutASecretExitsNamingTheKey() throws Exception {
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/runtime-classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(
                JAVA.toString(),
                "-cp",
                classpath,
                DashboardServer.class.getName(),
                "--server.port",
                "0",
                "--auth.users-file",
                "users.yaml"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("DASHBOARD_SESSION_SECRET");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("session.secret: required in production mode");
    }
}
