package cn.binjiang.union.clickhouse;

import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Command-line options of {@link EmbeddedClickHouseServer}; every problem is reported with the option's name. */
record ServerOptions(
        String host,
        int port,
        Path dataDir,
        Optional<Path> usersFile,
        Optional<Path> logFile,
        long maxResultBytes,
        int maxConcurrentQueries,
        int maxConnections,
        Duration receiveTimeout,
        long queueMaxWaitMillis,
        Optional<Tls> tls) {
    /** HTTPS on a second port with a PEM certificate and key. */
    record Tls(int port, Path certificateFile, Path privateKeyFile) {}

    static final String USAGE = "usage: EmbeddedClickHouseServer --data-dir DIR [--port 8123] [--host 127.0.0.1]"
            + " [--users-file FILE] [--log-file FILE] [--max-result-bytes N] [--max-concurrent-queries 8]"
            + " [--max-connections 1024] [--receive-timeout-ms 30000] [--queue-max-wait-ms 10000] [--https-port 8443 --tls-certificate CERT.pem --tls-private-key KEY.pem]";

    static ServerOptions parse(String... args) {
        String host = "127.0.0.1";
        int port = 8123;
        Path dataDir = null;
        Path usersFile = null;
        Path logFile = null;
        // The default leaves headroom in small heaps: a non-streamable result exists once as a Java array.
        long maxResultBytes = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
        // Each running statement may use max_threads cores and its own memory; 8 keeps a laptop responsive.
        long maxConcurrentQueries = 8;
        // Well under the process's file limit (chDB needs its own files); 500 slow clients leave room for the others.
        long maxConnections = 1024;
        // As ClickHouse's http_receive_timeout.
        long receiveTimeoutMillis = 30_000;
        long queueMaxWaitMillis = 10_000;
        Integer httpsPort = null;
        Path certificate = null;
        Path privateKey = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigurationException(name + " needs a value. " + USAGE);
            }
            switch (name) {
                case "--host" -> host = requireNonBlank(name, value);
                case "--port" -> port = parsePort(name, value);
                case "--https-port" -> httpsPort = parsePort(name, value);
                case "--tls-certificate" -> certificate = readable(name, value);
                case "--tls-private-key" -> privateKey = readable(name, value);
                case "--data-dir" -> dataDir = Path.of(requireNonBlank(name, value));
                case "--users-file" -> usersFile = Path.of(requireNonBlank(name, value));
                case "--log-file" -> logFile = Path.of(requireNonBlank(name, value));
                case "--max-result-bytes" -> maxResultBytes = parsePositive(name, value);
                case "--max-concurrent-queries" -> maxConcurrentQueries = Math.min(parsePositive(name, value), 1024);
                case "--max-connections" -> maxConnections = Math.min(parsePositive(name, value), 65_536);
                case "--receive-timeout-ms" -> receiveTimeoutMillis = parsePositive(name, value);
                case "--queue-max-wait-ms" -> queueMaxWaitMillis = parsePositive(name, value);
                default -> throw new ConfigurationException("unknown option " + name + ". " + USAGE);
            }
        }
        if (dataDir == null) {
            throw new ConfigurationException("--data-dir is required. " + USAGE);
        }
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new ConfigurationException("--data-dir " + dataDir + " exists and is not a directory");
        }
        if (usersFile != null && !Files.isReadable(usersFile)) {
            throw new ConfigurationException("--users-file " + usersFile + " is not a readable file");
        }
        if ((httpsPort == null) != (certificate == null) || (certificate == null) != (privateKey == null)) {
            throw new ConfigurationException(
                    "--https-port, --tls-certificate and --tls-private-key go together. " + USAGE);
        }
        Optional<Tls> tls =
                httpsPort == null ? Optional.empty() : Optional.of(new Tls(httpsPort, certificate, privateKey));
        return new ServerOptions(
                host,
                port,
                dataDir,
                Optional.ofNullable(usersFile),
                Optional.ofNullable(logFile),
                maxResultBytes,
                (int) maxConcurrentQueries,
                (int) maxConnections,
                Duration.ofMillis(receiveTimeoutMillis),
                queueMaxWaitMillis,
                tls);
    }

    private static Path readable(String name, String value) {
        Path file = Path.of(requireNonBlank(name, value));
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(name + " " + file + " is not a readable file");
        }
        return file;
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new ConfigurationException(name + " must be a number from 0 to 65535, not '" + value + "'");
    }

    private static long parsePositive(String name, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new ConfigurationException(name + " must be a positive number, not '" + value + "'");
    }

    private static String requireNonBlank(String name, String value) {
        if (value.isBlank()) {
            throw new ConfigurationException(name + " must not be empty");
        }
        return value;
    }
}
