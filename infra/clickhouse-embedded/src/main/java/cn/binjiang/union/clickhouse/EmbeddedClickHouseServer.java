package cn.binjiang.union.clickhouse;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A ClickHouse server made of chDB (the ClickHouse engine as a library) behind ClickHouse's HTTP interface.
 *
 * <p>Run it with {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} (chDB installs signal handlers that would
 * otherwise replace the JVM's), {@code --enable-native-access=ALL-UNNAMED}, and {@code CHDB_LIB} naming
 * libchdb.so; {@link EmbeddedClickHouseProcess} does all of that. Options: see {@link ServerOptions#USAGE}.
 *
 * <p>The HTTP side is the JDK's own {@code com.sun.net.httpserver}: it speaks HTTP/1.1 with keep-alive and
 * chunked bodies both ways, which is all ClickHouse clients use, and adds no dependency to a process whose
 * heap should stay small next to a 560 MB native engine.
 */
public final class EmbeddedClickHouseServer {
    /** Prefix of the one line printed to stdout once the server answers; the launcher waits for it. */
    static final String READY_PREFIX = "ClickHouse ";
    /** Prefix of the line, before the ready line, that names the HTTPS address when TLS is configured. */
    static final String HTTPS_PREFIX = "HTTPS on ";
    /** Beyond the query slots: requests waiting for a slot, pings and sessions' bookkeeping need threads too. */
    private static final int SPARE_HTTP_THREADS = 16;
    private static final int SHUTDOWN_GRACE_SECONDS = 10;

    private EmbeddedClickHouseServer() {}

    public static void main(String[] args) {
        // The JDK server writes a response's headers and its body separately; with Nagle's algorithm on,
        // the body then waited for the client's delayed ACK of the headers: 40 ms more on a JDBC query (a
        // panel's 27 ms query took 68 ms through the driver, 30 ms with this). Read once, when the first
        // server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
            options.logFile().ifPresent(f -> System.setProperty("clickhouse.embedded.log", f.toAbsolutePath().toString()));
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
        List<HttpServer> listeners = new ArrayList<>(List.of(bind(options.port(), "--port", options.host(), false)));
        for (ServerOptions.Tls tls : options.tls().stream().toList()) {
            HttpsServer https = (HttpsServer) bind(tls.port(), "--https-port", options.host(), true);
            https.setHttpsConfigurator(new HttpsConfigurator(TlsContext.load(tls.certificateFile(), tls.privateKeyFile())));
            listeners.add(https);
        }
        Path library = ChdbLibrary.locate();
        Path spoolDir = prepareDirectories(options.dataDir());
        ChdbEngine engine = ChdbEngine.open(ChdbLibrary.load(library), options.dataDir());
        ConnectionPool pool = new ConnectionPool(engine, options.maxConcurrentQueries());
        String[] identity;
        try (ConnectionPool.Lease lease = pool.acquire(false, 0)) {
            identity = lease.connection().execute("SELECT version(), timezone()", "TabSeparated").text().strip().split("\t");
        }
        HttpSessions sessions = new HttpSessions();
        QueryExecutor executor = new QueryExecutor(pool, new ProcessList(), options.maxResultBytes(), options.queueMaxWaitMillis());
        ServerMetrics metrics = new ServerMetrics();
        ClickHouseHttpHandler handler = new ClickHouseHttpHandler(new Authenticator(users), executor, sessions, pool, spoolDir, identity[0], identity[1],
                metrics);
        // Platform threads: a thread inside a chDB call would pin a virtual thread's carrier for the whole query.
        ExecutorService threads = Executors.newFixedThreadPool(options.maxConcurrentQueries() + SPARE_HTTP_THREADS,
                Thread.ofPlatform().daemon().name("http-", 0).factory());
        for (HttpServer listener : listeners) {
            listener.createContext("/", handler);
            // on the query port, unlike a real ClickHouse's separate prometheus.port: one port to open for the local stack
            listener.createContext("/metrics", metrics.handler());
            listener.setExecutor(threads);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(listeners, pool, sessions, threads), "shutdown"));
        listeners.forEach(HttpServer::start);
        for (HttpServer https : listeners.subList(1, listeners.size())) {
            System.out.println(HTTPS_PREFIX + options.host() + ":" + https.getAddress().getPort());
        }
        // The ready line comes last and ends with the HTTP port: the launcher waits for it and reads the port.
        System.out.println(READY_PREFIX + identity[0] + " (chDB) ready on " + options.host() + ":" + listeners.getFirst().getAddress().getPort());
        System.out.flush();
    }

    private static HttpServer bind(int port, String option, String host, boolean tls) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        try {
            return tls ? HttpsServer.create(address, 128) : HttpServer.create(address, 128);
        } catch (BindException e) {
            throw new ConfigurationException(option + " " + port + " on --host " + host + " cannot be used: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot listen on --host " + host + " " + option + " " + port + ": " + e, e);
        }
    }

    /** Creates the data directory and an empty spool directory for INSERT bodies inside it (same disk). */
    private static Path prepareDirectories(Path dataDir) {
        Path spool = dataDir.resolve("http-spool");
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(spool)) {
                try (Stream<Path> old = Files.walk(spool)) {
                    old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(spool)).forEach(p -> p.toFile().delete());
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
    private static void shutdown(List<HttpServer> listeners, ConnectionPool pool, HttpSessions sessions, ExecutorService threads) {
        int status = 0;
        try {
            listeners.forEach(l -> l.stop(SHUTDOWN_GRACE_SECONDS));
            threads.shutdown();
            sessions.close();
            if (!pool.close(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("EmbeddedClickHouseServer: a query still held chDB at shutdown; exiting without closing it");
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
            MethodHandle exit = Linker.nativeLinker().downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("_exit").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            exit.invokeExact(status);
        } catch (Throwable t) {
            Runtime.getRuntime().halt(status);
        }
    }
}
