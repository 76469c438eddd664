package cn.binjiang.union.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link EmbeddedClickHouseServer} as a separate OS process, for tests and scripts.
 *
 * <pre>{@code
 * try (EmbeddedClickHouseProcess ch = EmbeddedClickHouseProcess.builder(dataDir).start()) {
 *     try (Connection c = DriverManager.getConnection(ch.jdbcUrl(), "default", "")) { ... }
 * }
 * }</pre>
 *
 * <p>The child runs on this JVM's own {@code java.home} with {@code LD_PRELOAD=<java.home>/lib/libjsig.so},
 * {@code --enable-native-access=ALL-UNNAMED} and this JVM's class path unless another is given. libchdb.so is
 * taken from {@link Builder#chdbLibrary}, else from the {@code CHDB_LIB} system property or environment
 * variable. Port 0 (the default) lets the server pick a free port, reported by {@link #port()}.
 * {@link #start} returns once the server has answered {@code /ping}.
 *
 * <p>One data directory serves one process at a time; restarting on the same directory keeps the data.
 */
public final class EmbeddedClickHouseProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int httpsPort;
    private final ServerOutput output;

    private EmbeddedClickHouseProcess(Process process, int port, int httpsPort, ServerOutput output) {
        this.process = process;
        this.port = port;
        this.httpsPort = httpsPort;
        this.output = output;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public int port() {
        return port;
    }

    /** e.g. {@code https://127.0.0.1:8443}; only with {@link Builder#tls}. */
    public String httpsUrl() {
        if (httpsPort < 0) {
            throw new IllegalStateException("the server was started without TLS (Builder.tls)");
        }
        return "https://127.0.0.1:" + httpsPort;
    }

    /** e.g. {@code http://127.0.0.1:8123}, without a trailing slash. */
    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A URL for the official {@code com.clickhouse:clickhouse-jdbc} driver, database {@code default}. */
    public String jdbcUrl() {
        return "jdbc:clickhouse://127.0.0.1:" + port + "/default";
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and waits for the server's clean shutdown; returns its exit code (0 when clean). */
    public int stop() {
        process.destroy();
        try {
            if (process.waitFor(60, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("server did not stop within 60 s of SIGTERM; killed. Output:\n" + output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping the server", e);
        }
    }

    /** Sends SIGKILL and waits until the process is gone: a crash, for recovery tests. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines the server wrote to stdout and stderr. */
    public String output() {
        return output.tail();
    }

    /** Stops the server if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    public static final class Builder {
        private final Path dataDir;
        private int port;
        private Path usersFile;
        private Path logFile;
        private final List<String> serverOptions = new ArrayList<>();
        private Path chdbLibrary;
        private String classPath = System.getProperty("java.class.path");
        private String maxHeap = "512m";
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder usersFile(Path usersFile) {
            this.usersFile = usersFile;
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** How many statements run at once (the server's --max-concurrent-queries, default 8). */
        public Builder maxConcurrentQueries(int queries) {
            serverOptions.addAll(List.of("--max-concurrent-queries", Integer.toString(queries)));
            return this;
        }

        /** How long a statement waits for a free slot before TOO_MANY_SIMULTANEOUS_QUERIES (default 10 s). */
        public Builder queueMaxWait(Duration wait) {
            serverOptions.addAll(List.of("--queue-max-wait-ms", Long.toString(wait.toMillis())));
            return this;
        }

        /** Connections served at once; beyond it accepting pauses (the server's --max-connections, default 1024). */
        public Builder maxConnections(int connections) {
            serverOptions.addAll(List.of("--max-connections", Integer.toString(connections)));
            return this;
        }

        /** How long a request may pause while it is read, and a connection idle between requests (default 30 s). */
        public Builder receiveTimeout(Duration timeout) {
            serverOptions.addAll(List.of("--receive-timeout-ms", Long.toString(timeout.toMillis())));
            return this;
        }

        /** HTTPS on a second, free port with a PEM certificate and PKCS#8 key; see {@link #httpsUrl()}. */
        public Builder tls(Path certificateFile, Path privateKeyFile) {
            serverOptions.addAll(List.of(
                    "--https-port",
                    "0",
                    "--tls-certificate",
                    certificateFile.toAbsolutePath().toString(),
                    "--tls-private-key",
                    privateKeyFile.toAbsolutePath().toString()));
            return this;
        }

        public Builder chdbLibrary(Path chdbLibrary) {
            this.chdbLibrary = chdbLibrary;
            return this;
        }

        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        /** The child's -Xmx, e.g. "256m". chDB's own memory is native and not counted here. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public EmbeddedClickHouseProcess start() {
            String javaHome = System.getProperty("java.home");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(javaHome, "bin", "java").toString(),
                    "-Xmx" + maxHeap,
                    "--enable-native-access=ALL-UNNAMED"));
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-cp",
                    classPath,
                    EmbeddedClickHouseServer.class.getName(),
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dataDir.toAbsolutePath().toString()));
            if (usersFile != null) {
                command.addAll(
                        List.of("--users-file", usersFile.toAbsolutePath().toString()));
            }
            if (logFile != null) {
                command.addAll(List.of("--log-file", logFile.toAbsolutePath().toString()));
            }
            command.addAll(serverOptions);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment()
                    .put("LD_PRELOAD", Path.of(javaHome, "lib", "libjsig.so").toString());
            Path library = chdbLibrary != null ? chdbLibrary : ChdbLibrary.locate();
            pb.environment()
                    .put(ChdbLibrary.LOCATION_KEY, library.toAbsolutePath().toString());
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command.getFirst(), e);
            }
            ServerOutput output = ServerOutput.read(process);
            int actualPort;
            try {
                actualPort = output.port().get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException | InterruptedException e) {
                process.destroyForcibly();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException(
                        "ClickHouse server did not become ready: " + e.getMessage() + "\n" + output.tail(), e);
            }
            // The HTTPS line comes before the ready line, so it is known once the server is ready.
            EmbeddedClickHouseProcess server = new EmbeddedClickHouseProcess(
                    process, actualPort, output.httpsPort().getNow(-1), output);
            server.awaitPing(startupTimeout);
            return server;
        }
    }

    private void awaitPing(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(URI.create(httpUrl() + "/ping")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().equals("Ok.\n")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                kill();
                throw new IllegalStateException("ClickHouse server did not answer /ping:\n" + output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
