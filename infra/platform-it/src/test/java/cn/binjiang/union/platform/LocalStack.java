package cn.binjiang.union.platform;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ./platform as a user runs it, on free ports and a home of its own under target/, so a running demo
 * (or another test class) is left alone. The jars are the ones this build just packaged.
 */
final class LocalStack {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    record Run(int exit, String out) {}

    final int kafkaPort;
    final int clickhousePort;
    final int flinkRestPort;
    final int dashboardPort;
    /** PLATFORM_HOME: data, logs, pid files and checkpoints. */
    final Path home;
    private final Map<String, String> env = new HashMap<>();

    LocalStack() throws IOException {
        kafkaPort = freePort();
        clickhousePort = freePort();
        flinkRestPort = freePort();
        dashboardPort = freePort();
        env.put("KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
        env.put("CLICKHOUSE_PORT", String.valueOf(clickhousePort));
        env.put("FLINK_REST_PORT", String.valueOf(flinkRestPort));
        env.put("DASHBOARD_PORT", String.valueOf(dashboardPort));
        home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "platform-home-");
        env.put("PLATFORM_HOME", home.toString());
        env.put("PLATFORM_PREBUILT", "1");
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    String clickhouseJdbcUrl() {
        return "jdbc:clickhouse://127.0.0.1:" + clickhousePort + "/default";
    }

    Run platform(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("platform").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("./platform " + String.join(" ", args) + " did not finish:\n" + out);
        }
        System.out.println("$ ./platform " + String.join(" ", args) + "\n" + out);
        return new Run(p.exitValue(), out);
    }

    /** Like {@link #platform}, failing the test with the command's output unless it succeeds. */
    String ok(String... args) throws IOException, InterruptedException {
        Run r = platform(args);
        if (r.exit() != 0) throw new AssertionError("./platform " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.out());
        return r.out();
    }

    static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
