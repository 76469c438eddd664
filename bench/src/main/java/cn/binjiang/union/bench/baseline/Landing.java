package cn.binjiang.union.bench.baseline;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.bench.workload.BenchDatabase;
import cn.binjiang.union.operations.clickhouse.ClickHouseHttp;
import cn.binjiang.union.schema.EventStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The landing ceiling: the run's raw rows inserted into the same ClickHouse in RowBinary batches,
 * with no Kafka, no Flink and no KPI. The rows are those the job landed, read back as RowBinary
 * files of one batch each before the clock starts; then as many connections as the job has tasks
 * send them, {@code INSERT ... FORMAT RowBinary} per batch of the job sink's size, into empty copies
 * of the raw tables. Nothing that lands these rows in this store can be faster, so the job's
 * throughput is judged against it.
 */
public final class Landing {
    /** The job's ClickHouse sink sends batches of up to this many rows. */
    public static final int BATCH_ROWS = 10_000;

    private record Batch(String insert, Path file, long rows) {}

    private Landing() {}

    public static Rate measure(BenchRun run, BenchDatabase db, BenchOptions options, int connections) throws Exception {
        ClickHouseHttp http = new ClickHouseHttp(options.httpUrl(), db.name());
        Path dir = Files.createDirectories(options.workDir().resolve(run.id()).resolve("landing"));
        List<Batch> batches = new ArrayList<>();
        try {
            for (EventStream<?> stream : EventStream.all()) {
                String table = stream.name() + "_events";
                batches.addAll(export(db, http, table, dir));
            }
            long total = batches.stream().mapToLong(Batch::rows).sum();
            return insertAll(http, batches, total, connections);
        } finally {
            try (Statement statement = db.connection().createStatement()) {
                for (EventStream<?> stream : EventStream.all())
                    statement.execute("DROP TABLE IF EXISTS landing_" + stream.name() + "_events");
            }
            for (Batch batch : batches) Files.deleteIfExists(batch.file);
        }
    }

    /**
     * Creates the empty copy of {@code table} and writes its rows as RowBinary files of about {@link #BATCH_ROWS} rows
     * each.
     */
    private static List<Batch> export(BenchDatabase db, ClickHouseHttp http, String table, Path dir)
            throws SQLException, IOException, InterruptedException {
        List<String> columns = db.insertableColumns(table);
        long[] rowsPerPart;
        try (Statement statement = db.connection().createStatement()) {
            statement.execute("CREATE TABLE landing_" + table + " AS " + table);
            try (ResultSet r = statement.executeQuery("SELECT count() FROM " + table)) {
                r.next();
                rowsPerPart = new long[(int) Math.max(1, (r.getLong(1) + BATCH_ROWS - 1) / BATCH_ROWS)];
            }
            try (ResultSet r = statement.executeQuery(
                    "SELECT " + part(rowsPerPart.length) + " AS part, count() FROM " + table + " GROUP BY part")) {
                while (r.next()) rowsPerPart[r.getInt(1)] = r.getLong(2);
            }
        }
        String list = String.join(", ", columns);
        String insert = "INSERT INTO landing_" + table + " (" + list + ") FORMAT RowBinary";
        List<Batch> batches = new ArrayList<>();
        for (int part = 0; part < rowsPerPart.length; part++) {
            Path file = dir.resolve(table + "-" + part + ".bin");
            http.send(
                    "SELECT " + list + " FROM " + table + " WHERE " + part(rowsPerPart.length) + " = " + part
                            + " FORMAT RowBinary",
                    HttpRequest.BodyPublishers.noBody(),
                    HttpResponse.BodyHandlers.ofFile(file));
            batches.add(new Batch(insert, file, rowsPerPart[part]));
        }
        return batches;
    }

    /** Splits a table into {@code parts} batches of about equal size, the same split on every read. */
    private static String part(int parts) {
        return "cityHash64(event_id) % " + parts;
    }

    private static Rate insertAll(ClickHouseHttp http, List<Batch> batches, long total, int connections)
            throws Exception {
        ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>(batches);
        ParallelWork.Task sender = landed -> {
            for (Batch batch = queue.poll(); batch != null; batch = queue.poll()) {
                http.send(
                        batch.insert,
                        HttpRequest.BodyPublishers.ofFile(batch.file),
                        HttpResponse.BodyHandlers.ofString());
                landed.addAndGet(batch.rows);
            }
        };
        return ParallelWork.run("landing ceiling: raw rows inserted", total, Collections.nCopies(connections, sender));
    }
}
