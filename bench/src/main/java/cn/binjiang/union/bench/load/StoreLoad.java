package cn.binjiang.union.bench.load;

import cn.binjiang.union.bench.metric.CpuUse;
import cn.binjiang.union.bench.service.ChildJvm;
import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import cn.binjiang.union.operations.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The store under load: an embedded ClickHouse server of its own (its data under the run's work
 * directory, the server as {@code ./platform} runs it) and many clients at once, each with its own
 * kept-alive connection, mixing batch inserts, point queries and aggregations for a fixed time. Each
 * kind's latency and errors are reported; then the table is checked to hold every acknowledged row,
 * each once ({@link LoadVerification}).
 *
 * <p>The server gets one query slot per client ({@code --max-concurrent-queries}): a client sends one
 * request at a time, so no request ever waits for a slot and none can be refused with 202
 * TOO_MANY_SIMULTANEOUS_QUERIES, whatever the requests cost. With the default 8 slots, 64 clients would
 * queue for them, and whether a request waits longer than {@code queue_max_wait_ms} (10 s) would depend
 * on how slow the machine is that day: errors by luck. The waiting is then the engine's, on its cores,
 * and shows in the latencies.
 */
public final class StoreLoad {
    private static final String SERVER_HEAP = "512m";
    /** The server's default, never reached with a slot per client; reported with the figures. */
    private static final long QUEUE_MAX_WAIT_MS = 10_000;

    /** How many clients, for how long. */
    public record Setup(int clients, int seconds) {}

    /**
     * @param seconds from the first request to the last answer
     * @param activeParts the table's parts at the end: whether merges kept up with the inserts
     * @param cores cores the server and the clients' JVM used while the clients ran
     * @param serverPeakRssBytes the server's resident set at its highest (chDB's memory is native, outside the heap)
     */
    public record Result(
            int clients,
            int maxConcurrentQueries,
            long queueMaxWaitMs,
            double seconds,
            List<LoadStats.Figures> kinds,
            LoadVerification.Result verification,
            long activeParts,
            Map<String, Double> cores,
            long serverPeakRssBytes) {
        public long requests() {
            return kinds.stream().mapToLong(LoadStats.Figures::requests).sum();
        }

        public long errors() {
            return kinds.stream().mapToLong(LoadStats.Figures::errors).sum();
        }

        public long wrongAnswers() {
            return kinds.stream().mapToLong(LoadStats.Figures::wrongAnswers).sum();
        }

        /** The bar: no request failed or contradicted the store, and every acknowledged row is there once. */
        public boolean clean() {
            return errors() == 0 && wrongAnswers() == 0 && verification.exact();
        }
    }

    private StoreLoad() {}

    /**
     * @param dir where the server keeps its data (deleted afterwards unless {@code keepData}) and its log
     * @param serverClasspath the embedded server's classpath: what {@code ./platform} runs it from
     */
    public static Result measure(Path dir, Setup setup, String serverClasspath, boolean keepData) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        int slots = setup.clients();
        System.err.printf("store load: starting a server (%d query slots, -Xmx%s) in %s%n", slots, SERVER_HEAP, data);
        try (EmbeddedClickHouseProcess server = EmbeddedClickHouseProcess.builder(data)
                .classPath(serverClasspath)
                .maxHeap(SERVER_HEAP)
                .maxConcurrentQueries(slots)
                .queueMaxWait(Duration.ofMillis(QUEUE_MAX_WAIT_MS))
                .logFile(dir.resolve("clickhouse.log"))
                .start()) {
            ClickHouseHttp admin = new ClickHouseHttp(server.httpUrl(), "default");
            text(
                    admin,
                    "CREATE TABLE " + LoadRows.TABLE + " (" + LoadRows.COLUMNS + ") ENGINE = MergeTree ORDER BY id");
            Map<LoadKind, LoadStats> stats = new EnumMap<>(LoadKind.class);
            for (LoadKind kind : LoadKind.values()) stats.put(kind, new LoadStats(kind));
            AtomicLong rowsAcknowledged = new AtomicLong();
            List<LoadClient> clients = new ArrayList<>();
            for (int c = 0; c < setup.clients(); c++)
                clients.add(new LoadClient(server.httpUrl(), c, stats, rowsAcknowledged, 0x10AD_0000L + c));
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("clickhouse", server.pid());
            pids.put("clients", ProcessHandle.current().pid());
            CpuUse cpu = CpuUse.start(pids);
            double seconds = drive(clients, setup, stats, rowsAcknowledged);
            Map<String, Double> cores = cpu.cores();
            LoadVerification.Result verification = verify(admin, clients);
            long parts = Long.parseLong(text(
                            admin,
                            "SELECT count() FROM system.parts WHERE database = currentDatabase() AND table = '"
                                    + LoadRows.TABLE + "' AND active")
                    .strip());
            long rss = ChildJvm.peakRssBytes(server.pid());
            int exit = server.stop();
            if (exit != 0)
                System.err.printf(
                        "store load: the server exited with %d on SIGTERM; its log: %s%n",
                        exit, dir.resolve("clickhouse.log"));
            List<LoadStats.Figures> kinds =
                    stats.values().stream().map(LoadStats::figures).toList();
            return new Result(
                    setup.clients(), slots, QUEUE_MAX_WAIT_MS, seconds, kinds, verification, parts, cores, rss);
        } finally {
            if (keepData) {
                System.err.println("kept: the store load's data in " + data);
            } else {
                delete(data);
            }
        }
    }

    /** Runs the clients on virtual threads until the deadline; returns the seconds until the last one ended. */
    private static double drive(
            List<LoadClient> clients, Setup setup, Map<LoadKind, LoadStats> stats, AtomicLong rowsAcknowledged)
            throws Exception {
        long started = System.nanoTime();
        long deadline = started + setup.seconds() * 1_000_000_000L;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (LoadClient client : clients) {
                running.add(threads.submit(() -> {
                    client.run(deadline);
                    return null;
                }));
            }
            long lastPrinted = 0;
            while (!running.stream().allMatch(Future::isDone)) {
                if (System.nanoTime() - lastPrinted >= 1_000_000_000L) {
                    lastPrinted = System.nanoTime();
                    System.err.print(
                            "\r" + progress(setup, stats, rowsAcknowledged.get(), lastPrinted - started) + "   ");
                    System.err.flush();
                }
                Thread.sleep(200);
            }
            for (Future<?> client : running) client.get();
        }
        long nanos = System.nanoTime() - started;
        System.err.println("\r" + progress(setup, stats, rowsAcknowledged.get(), nanos) + "   ");
        return nanos / 1e9;
    }

    private static String progress(Setup setup, Map<LoadKind, LoadStats> stats, long rows, long nanos) {
        double seconds = Math.max(1e-9, nanos / 1e9);
        long requests = stats.values().stream().mapToLong(LoadStats::requests).sum();
        long errors = stats.values().stream().mapToLong(LoadStats::errors).sum();
        String perKind = stats.entrySet().stream()
                .map(e -> String.format(
                        Locale.ROOT, "%s %.0f", e.getKey().label(), e.getValue().requests() / seconds))
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "store load: %d clients, %.0f/%d s (%.0f%%), %,d requests, %.0f/s (%s), %,d rows acknowledged, %,d errors, ETA %.0f s",
                setup.clients(),
                seconds,
                setup.seconds(),
                Math.min(100, 100 * seconds / setup.seconds()),
                requests,
                requests / seconds,
                perKind,
                rows,
                errors,
                Math.max(0, setup.seconds() - seconds));
    }

    private static LoadVerification.Result verify(ClickHouseHttp admin, List<LoadClient> clients)
            throws IOException, InterruptedException {
        System.err.println("store load: checking every acknowledged row is stored once");
        String[] totals = text(admin, "SELECT count(), uniqExact(id) FROM " + LoadRows.TABLE)
                .strip()
                .split("\t");
        List<LoadVerification.StoredBatch> stored = text(
                        admin,
                        "SELECT " + LoadRows.CLIENT_SQL + " AS client, " + LoadRows.BATCH_SQL
                                + " AS batch, count(), uniqExact(id) FROM " + LoadRows.TABLE
                                + " GROUP BY client, batch FORMAT TabSeparated")
                .lines()
                .map(line -> line.split("\t"))
                .map(f -> new LoadVerification.StoredBatch(
                        Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])))
                .toList();
        return LoadVerification.check(
                clients.stream().map(LoadClient::ledger).toList(),
                stored,
                Long.parseLong(totals[0]),
                Long.parseLong(totals[1]));
    }

    private static String text(ClickHouseHttp http, String query) throws IOException, InterruptedException {
        return http.send(query, HttpRequest.BodyPublishers.noBody(), HttpResponse.BodyHandlers.ofString());
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
