package cn.binjiang.union.bench.baseline;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.bench.workload.BenchDatabase;
import cn.binjiang.union.operations.clickhouse.ClickHouseHttp;
import cn.binjiang.union.operations.progress.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The store's own insert path: one batch of the run's enrollment rows (RowBinary, the job sink's
 * batch size) inserted again and again, one insert after the other, in turns by chDB in a process of
 * its own with no HTTP ({@code EngineInsertRate}) and through the embedded server's HTTP interface.
 * What the server costs is the difference; the issue allows it a fifth of the engine's rate.
 * The HTTP client holds the batch in memory, as a driver holds the rows it encoded: the JDK client's file
 * publisher reads the file again on every request (measured: 48–50 ms a request against 43–48). The
 * server's answers also say how long the engine took inside it (X-ClickHouse-Summary's elapsed_ns): the
 * same requests timed twice, which the machine's drift between the two sides cannot skew.
 */
public final class StoreInsertPath {
    static final String TABLE = "enrollment_events";
    private static final String COPY = "store_insert_path";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Turns each side takes: one in-process run of {@code batches}, then as many over HTTP. */
    private static final int ROUNDS = 3;

    /**
     * Rows per second in-process and over HTTP, the rate of the engine's own time inside the server (its
     * elapsed time summed over the HTTP inserts), with the batch size and the batches each side sent.
     */
    public record Result(
            double engineRowsPerSecond,
            double httpRowsPerSecond,
            double engineInServerRowsPerSecond,
            long rowsPerBatch,
            int batches) {
        public double serverCost() {
            return 1 - httpRowsPerSecond / engineRowsPerSecond;
        }

        /** What the request adds to the engine's time inside it: HTTP, the server's own work and the client's. */
        public double requestOverhead() {
            return 1 - httpRowsPerSecond / engineInServerRowsPerSecond;
        }
    }

    private StoreInsertPath() {}

    public static Result measure(BenchRun run, BenchOptions options, BenchDatabase db, int batches) throws Exception {
        Path dir = Files.createDirectories(options.workDir().resolve(run.id()).resolve("store-insert-path"));
        Path batch = dir.resolve("batch.bin");
        ClickHouseHttp http = new ClickHouseHttp(options.httpUrl(), db.name());
        List<String> columns = db.insertableColumns(TABLE);
        String create;
        try (Statement statement = db.connection().createStatement()) {
            try (ResultSet r = statement.executeQuery("SHOW CREATE TABLE " + TABLE)) {
                r.next();
                create = r.getString(1).replaceFirst("^CREATE TABLE \\S+", "CREATE TABLE " + COPY);
            }
            statement.execute(create);
        }
        String list = String.join(", ", columns);
        try {
            http.send(
                    "SELECT " + list + " FROM " + TABLE + " LIMIT " + Landing.BATCH_ROWS + " FORMAT RowBinary",
                    HttpRequest.BodyPublishers.noBody(),
                    HttpResponse.BodyHandlers.ofFile(batch));
            long rows = db.single("SELECT count() FROM (SELECT 1 FROM " + TABLE + " LIMIT " + Landing.BATCH_ROWS + ")");
            String insertHead = "INSERT INTO " + COPY + " (" + list + ")";
            byte[] body = Files.readAllBytes(batch);
            double engineSeconds = 0;
            double httpSeconds = 0;
            long engineInServerNanos = 0;
            Progress progress =
                    new Progress("store insert path: batches over HTTP", (long) ROUNDS * batches, System.err);
            // the two sides take turns, so that a machine that slows down or speeds up meanwhile weighs on both alike
            for (int round = 0; round < ROUNDS; round++) {
                engineSeconds += rows * batches / engineRate(options, dir, create, insertHead, batch, rows, batches);
                long started = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    HttpResponse<String> answer = http.exchange(
                            insertHead + " FORMAT RowBinary",
                            HttpRequest.BodyPublishers.ofByteArray(body),
                            HttpResponse.BodyHandlers.ofString());
                    engineInServerNanos += engineNanos(answer);
                    progress.update((long) round * batches + i + 1);
                }
                httpSeconds += (System.nanoTime() - started) / 1e9;
            }
            progress.finish((long) ROUNDS * batches);
            long all = rows * batches * ROUNDS;
            return new Result(
                    all / engineSeconds, all / httpSeconds, all / (engineInServerNanos / 1e9), rows, ROUNDS * batches);
        } finally {
            try (Statement statement = db.connection().createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + COPY);
            }
            Files.deleteIfExists(batch);
        }
    }

    private static long engineNanos(HttpResponse<?> answer) throws IOException {
        String summary = answer.headers()
                .firstValue("X-ClickHouse-Summary")
                .orElseThrow(() -> new IllegalStateException("the server sent no X-ClickHouse-Summary"));
        return JSON.readTree(summary).path("elapsed_ns").asLong();
    }

    /** Runs EngineInsertRate in a JVM of its own (chDB is one engine per process) and reads its figure. */
    private static double engineRate(
            BenchOptions options, Path dir, String create, String insertHead, Path batch, long rows, int batches)
            throws IOException, InterruptedException {
        Path data = Files.createTempDirectory(dir, "chdb-");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                options.clickhouseClasspath(),
                "cn.binjiang.union.clickhouse.EngineInsertRate",
                data.toString(),
                create,
                insertHead,
                batch.toString(),
                Long.toString(rows),
                Integer.toString(batches));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // as ./platform starts the server: libjsig keeps the JVM's signal handling intact beside chDB's handlers
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        if (Files.exists(jsig)) builder.environment().put("LD_PRELOAD", jsig.toString());
        System.err.printf("store insert path: %,d batches of %,d rows into chDB in-process%n", batches, rows);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("EngineInsertRate failed:\n" + out);
        }
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return out.lines()
                .filter(l -> l.startsWith("rows_per_second "))
                .mapToDouble(l -> Double.parseDouble(l.substring(16)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("EngineInsertRate printed no rate:\n" + out));
    }
}
