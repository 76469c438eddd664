package cn.binjiang.union.bench.baseline;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.BenchRun;
import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.bench.workload.BenchDatabase;
import cn.binjiang.union.bench.workload.BenchTopics;
import cn.binjiang.union.jobs.kpi.intake.ResidentIdPseudonymiser;
import cn.binjiang.union.jobs.kpi.records.AcceptedEvent;
import cn.binjiang.union.jobs.kpi.rows.RawEventRows;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.codec.DecodedEvent;
import cn.binjiang.union.schema.codec.EventCodec;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The peer: the pipeline a ClickHouse user would build instead of the KPI job, on the same topics
 * and the same store. The embedded engine has no Kafka table engine, so plain Kafka consumers (as
 * many as the job has tasks) decode each record, pseudonymise its resident ID as the law asks, and
 * insert its raw row (RowBinary through the JDBC driver, in batches of the job sink's size);
 * materialized views ({@link PeerViews}) over the raw tables compute the job's live slices into a
 * SummingMergeTree in the same insert. Timed from the first poll until every raw row is in: the
 * views have then written every KPI contribution. Its cells are then compared with the job's.
 *
 * <p>It is at-least-once: a consumer that dies after an insert and before its offsets are committed
 * inserts those rows again on restart, and the views add them again (the raw table merges its
 * twins away; the sums never do).
 */
public final class Peer {
    private static final String CELL_KEY = "kpi_id, grain, bucket, street, industry, employment_form, category";
    private static final String KEY = "benchmark peer: a pseudonymisation key of 32 bytes or more";

    /** The peer's rate and how many of its KPI cells differ from the job's (0 when the same). */
    public record Result(Rate rate, long cells, long cellsDiffering) {}

    private Peer() {}

    public static Result measure(BenchRun run, BenchOptions options, BenchDatabase db, long expected, int consumers)
            throws Exception {
        String database = db.name() + "_peer";
        try (Statement statement = db.connection().createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            try {
                for (EventStream<?> stream : EventStream.all()) {
                    statement.execute("CREATE TABLE " + database + "." + stream.name() + "_events AS " + stream.name()
                            + "_events");
                }
                try (Connection peer = DriverManager.getConnection(options.jdbcUrl(database), "default", "");
                        Statement views = peer.createStatement()) {
                    for (String sql : PeerViews.create(KpiCatalog.fromClasspath())) views.execute(sql);
                }
                Rate rate = consume(run, options, database, expected, consumers);
                return new Result(
                        rate,
                        db.single("SELECT uniqExact(" + CELL_KEY + ") FROM " + database + "." + PeerViews.CELLS),
                        db.single(differingCells(database)));
            } finally {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private static Rate consume(BenchRun run, BenchOptions options, String database, long expected, int consumers)
            throws Exception {
        List<ParallelWork.Task> readers = BenchTopics.shares(run, consumers).stream()
                .<ParallelWork.Task>map(share -> inserted -> insertAll(options, database, share, inserted))
                .toList();
        return ParallelWork.run("peer: raw rows inserted (views computing KPIs)", expected, readers);
    }

    /** One consumer: reads its partitions to the end they had at the start, inserting each stream's rows in batches. */
    private static void insertAll(
            BenchOptions options, String database, List<TopicPartition> partitions, AtomicLong inserted)
            throws Exception {
        EventCodec codec = EventCodec.fromClasspath();
        ResidentIdPseudonymiser pseudonymiser = ResidentIdPseudonymiser.withKey(KEY);
        Map<String, Batch> batches = new HashMap<>();
        Properties properties = new Properties();
        properties.setProperty("user", "default");
        properties.setProperty("password", "");
        // as the job's sink does: RowBinary rather than a VALUES text for the driver and the server to parse
        properties.setProperty("beta.row_binary_for_simple_insert", "true");
        try (Connection connection = DriverManager.getConnection(options.jdbcUrl(database), properties)) {
            for (EventStream<?> stream : EventStream.all())
                batches.put(stream.name(), new Batch(connection, new RawEventRows(stream, codec)));
            BenchTopics.readToEnd(options.bootstrap(), partitions, records -> {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    DecodedEvent decoded = codec.decodeAny(record.value());
                    SpecificRecordBase event = pseudonymiser.pseudonymise(decoded.event());
                    EventStream<?> stream = EventStream.of(event);
                    AcceptedEvent row = new AcceptedEvent(
                            null,
                            0,
                            false,
                            stream.name(),
                            0,
                            codec.encode(event),
                            record.topic(),
                            record.partition(),
                            record.offset());
                    if (batches.get(stream.name()).add(row)) inserted.addAndGet(Landing.BATCH_ROWS);
                }
            });
            for (Batch batch : batches.values()) inserted.addAndGet(batch.flush());
        }
    }

    /** One stream's rows waiting for their INSERT. */
    private static final class Batch {
        private final RawEventRows rows;
        private final PreparedStatement insert;
        private int size;

        Batch(Connection connection, RawEventRows rows) throws SQLException {
            this.rows = rows;
            this.insert =
                    connection.prepareStatement("INSERT INTO " + rows.table() + " (" + String.join(", ", rows.columns())
                            + ") VALUES (" + "?, ".repeat(rows.columns().size() - 1) + "?)");
        }

        /** Adds a row; true when that filled the batch and it was inserted. */
        boolean add(AcceptedEvent event) throws SQLException {
            rows.bind(insert, event);
            insert.addBatch();
            if (++size < Landing.BATCH_ROWS) return false;
            flush();
            return true;
        }

        int flush() throws SQLException {
            int sent = size;
            if (size > 0) insert.executeBatch();
            size = 0;
            return sent;
        }
    }

    /**
     * Counts the KPI cells whose value differs between the peer's views and the job's kpi_latest (a cell on one side
     * only counts too).
     */
    private static String differingCells(String peer) {
        return "SELECT count() FROM (SELECT " + CELL_KEY + ", sum(hundredths) AS h FROM " + peer + "." + PeerViews.CELLS
                + " GROUP BY " + CELL_KEY + ") AS p FULL OUTER JOIN (SELECT " + CELL_KEY
                + ", toInt64(value * 100) AS h FROM kpi_latest) AS j"
                + " USING (" + CELL_KEY + ") WHERE p.h != j.h";
    }
}
