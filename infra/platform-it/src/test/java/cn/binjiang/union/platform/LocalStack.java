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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * ./platform as a user runs it, on free ports and a home of its own under target/, so a running demo
 * (or another test class) is left alone. The jars are the ones this build just packaged.
 */
final class LocalStack {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    record Run(int exit, String out) {}

    /** The first Kafka node's port; a cluster's others follow two ports apart. */
    final int kafkaPort;

    private final int kafkaNodes;
    final int clickhousePort;
    final int flinkRestPort;
    final int dashboardPort;
    /** PLATFORM_HOME: data, logs, pid files and checkpoints. */
    final Path home;

    private final Map<String, String> env = new HashMap<>();

    /** A stack of single processes: ./platform up. */
    LocalStack() throws IOException {
        this(freePort(), freePort(), 1);
    }

    /**
     * A stack for ./platform cluster up: its three Kafka nodes take every other port from KAFKA_PORT and
     * from KAFKA_CONTROLLER_PORT, its TaskManagers the ports after FLINK_RPC_PORT, so each gets a free run.
     */
    static LocalStack forCluster(int taskManagers) throws IOException {
        int kafka = freePorts(6);
        LocalStack stack = new LocalStack(kafka, kafka + 1, 3);
        stack.env.put("FLINK_RPC_PORT", String.valueOf(freePorts(taskManagers + 1)));
        stack.env.put("FLINK_TASKMANAGERS", String.valueOf(taskManagers));
        stack.env.put("FLINK_METRICS_PORT", String.valueOf(freePorts(taskManagers + 1)));
        return stack;
    }

    private LocalStack(int kafkaPort, int kafkaControllerPort, int kafkaNodes) throws IOException {
        this.kafkaPort = kafkaPort;
        this.kafkaNodes = kafkaNodes;
        clickhousePort = freePort();
        flinkRestPort = freePort();
        dashboardPort = freePort();
        env.put("KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(kafkaControllerPort));
        env.put("CLICKHOUSE_PORT", String.valueOf(clickhousePort));
        env.put("FLINK_REST_PORT", String.valueOf(flinkRestPort));
        env.put("DASHBOARD_PORT", String.valueOf(dashboardPort));
        env.put("ALERTS_REST_PORT", String.valueOf(freePort()));
        env.put("FLINK_METRICS_PORT", String.valueOf(freePort()));
        env.put("ALERTS_METRICS_PORT", String.valueOf(freePort()));
        home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "platform-home-");
        env.put("PLATFORM_HOME", home.toString());
        env.put("PLATFORM_PREBUILT", "1");
    }

    /** Sets an environment variable of every ./platform command this stack runs. */
    LocalStack with(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    /** An environment variable of the ./platform commands this stack runs. */
    String env(String variable) {
        return env.get(variable);
    }

    /** Every Kafka node: a client started while one is down finds the others. */
    String kafkaBootstrap() {
        return IntStream.range(0, kafkaNodes)
                .mapToObj(i -> "localhost:" + (kafkaPort + 2 * i))
                .collect(Collectors.joining(","));
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
        if (r.exit() != 0)
            throw new AssertionError("./platform " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.out());
        return r.out();
    }

    /**
     * SIGKILL to the process ./platform started as {@code service} (its pid file), which must run
     * {@code mainClass}, and waits until it is dead: no shutdown hook, no last flush, no goodbye to its peers.
     */
    void sigkill(String service, String mainClass) throws IOException, InterruptedException {
        long pid = Long.parseLong(
                Files.readString(home.resolve("run/" + service + ".pid")).trim());
        Path proc = Path.of("/proc/" + pid);
        // the whole command line (ProcessHandle.Info cuts it short of the main class, after the long classpath)
        String commandLine = Files.readString(proc.resolve("cmdline"));
        if (!commandLine.contains(mainClass))
            throw new IllegalStateException(service + " (pid " + pid + ") does not run " + mainClass);
        ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " (pid " + pid + ") is not running"))
                .destroyForcibly();
        // Dead once it is gone or a zombie: ./platform's shell has exited, and whoever inherits its children
        // may reap them late (ProcessHandle counts a zombie as alive).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(proc) && !zombie(proc)) {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException(service + " (pid " + pid + ") still runs 30 s after SIGKILL");
            Thread.sleep(50);
        }
        System.out.printf("SIGKILL %s (pid %d)%n", service, pid);
    }

    private static boolean zombie(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false; // gone between the two reads: the loop sees it
        }
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

    /** The first of {@code n} consecutive ports that are free now. */
    static int freePorts(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = freePort();
            if (first + n > 65_535) continue;
            boolean free = true;
            for (int port = first + 1; port < first + n && free; port++) free = !listening(port) && bindable(port);
            if (free) return first;
        }
        throw new IOException("no run of " + n + " free ports found");
    }

    private static boolean bindable(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
