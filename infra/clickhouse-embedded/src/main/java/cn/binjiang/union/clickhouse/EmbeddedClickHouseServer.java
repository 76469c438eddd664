package cn.binjiang.union.clickhouse;

import cn.binjiang.union.settings.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A ClickHouse server made of chDB (the ClickHouse engine as a library) behind ClickHouse's HTTP interface.
 *
 * <p>Run it with {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} (chDB installs signal handlers that would
 * otherwise replace the JVM's), {@code --enable-native-access=ALL-UNNAMED}, and {@code CHDB_LIB} naming
 * libchdb.so; {@link EmbeddedClickHouseProcess} does all of that. Options: see {@link ServerOptions#USAGE}.
 *
 * <p>The HTTP side is Jetty ({@link HttpListeners}): HTTP/1.1 with keep-alive and chunked bodies both ways, which
 * is all ClickHouse clients use, with the read timeouts, size and connection limits a server on a network needs.
 */
public final class EmbeddedClickHouseServer {
    /** Prefix of the one line printed to stdout once the server answers; the launcher waits for it. */
    static final String READY_PREFIX = "ClickHouse ";
    /** Prefix of the line, before the ready line, that names the HTTPS address when TLS is configured. */
    static final String HTTPS_PREFIX = "HTTPS on ";

    private static final int SHUTDOWN_GRACE_SECONDS = 10;

    private EmbeddedClickHouseServer() {}

    public static void main(String[] args) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
            options.logFile()
                    .ifPresent(f -> System.setProperty(
                            "clickhouse.embedded.log", f.toAbsolutePath().toString()));
            run(options);
        } catch (ConfigurationException e) {
            System.err.println("EmbeddedClickHouseServer: " + e.getMessage());
            System.exit(2);
        } catch (IOException | ClickHouseException e) {
            System.err.println("EmbeddedClickHouseServer: chDB failed its first query: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(ServerOptions options) throws IOException {
        UserDirectory users = options.usersFile().map(UserDirectory::load).orElseGet(UserDirectory::defaultOnly);
        // Bind before booting the engine, so a port conflict is reported at once and names the port.
        HttpListeners listeners = HttpListeners.bind(options);
        Path library = ChdbLibrary.locate();
        Path spoolDir = prepareDirectories(options.dataDir());
        ChdbEngine engine = ChdbEngine.open(ChdbLibrary.load(library), options.dataDir());
        ConnectionPool pool = new ConnectionPool(engine, options.maxConcurrentQueries());
        String[] identity;
        try (ConnectionPool.Lease lease = pool.acquire(false, 0)) {
            identity = lease.connection()
                    .execute("SELECT version(), timezone()", "TabSeparated")
                    .text()
                    .strip()
                    .split("\t");
        }
        HttpSessions sessions = new HttpSessions();
        QueryExecutor executor =
                new QueryExecutor(pool, new ProcessList(), options.maxResultBytes(), options.queueMaxWaitMillis());
        ClickHouseHttpHandler handler = new ClickHouseHttpHandler(
                new Authenticator(users),
                executor,
                sessions,
                pool,
                spoolDir,
                identity[0],
                identity[1],
                new ServerMetrics());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(listeners, pool, sessions), "shutdown"));
        try {
            listeners.start(handler, new ProtocolErrorHandler(identity[0]));
        } catch (Exception e) {
            throw new IOException("the HTTP listeners did not start: " + e, e);
        }
        List<Integer> ports = listeners.ports();
        for (int https : ports.subList(1, ports.size())) {
            System.out.println(HTTPS_PREFIX + options.host() + ":" + https);
        }
        // The ready line comes last and ends with the HTTP port: the launcher waits for it and reads the port.
        System.out.println(READY_PREFIX + identity[0] + " (chDB) ready on " + options.host() + ":" + ports.getFirst());
        System.out.flush();
    }

    /** Creates the data directory and an empty spool directory for INSERT bodies inside it (same disk). */
    private static Path prepareDirectories(Path dataDir) {
        Path spool = dataDir.resolve("http-spool");
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(spool)) {
                try (Stream<Path> old = Files.walk(spool)) {
                    old.sorted(Comparator.reverseOrder())
                            .filter(p -> !p.equals(spool))
                            .forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(spool);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigurationException("--data-dir " + dataDir + " cannot be prepared: " + e.getMessage(), e);
        }
    }

    /**
     * Stops accepting, lets running requests finish, closes chDB (which flushes and stops its threads), then
     * ends the process with {@code _exit(0)}: the normal JVM exit would run libchdb's static destructors
     * concurrently with VM teardown, which is what made the prototype die at exit now and then.
     */
    private static void shutdown(HttpListeners listeners, ConnectionPool pool, HttpSessions sessions) {
        int status = 0;
        try {
            listeners.stop();
            sessions.close();
            if (!pool.close(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                System.err.println(
                        "EmbeddedClickHouseServer: a query still held chDB at shutdown; exiting without closing it");
                status = 1;
            }
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        immediateExit(status);
    }

    /** Ends the process at once, without libchdb's static destructors (see {@link #shutdown}). */
    static void immediateExit(int status) {
        try {
            MethodHandle exit = Linker.nativeLinker()
                    .downcallHandle(
                            Linker.nativeLinker().defaultLookup().find("_exit").orElseThrow(),
                            FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            exit.invokeExact(status);
        } catch (Throwable t) {
            Runtime.getRuntime().halt(status);
        }
    }
}
