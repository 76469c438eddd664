package cn.binjiang.union.bench.metric;

import cn.binjiang.union.bench.BenchOptions;
import cn.binjiang.union.bench.workload.BenchDatabase;
import cn.binjiang.union.bench.workload.BenchTopics;
import cn.binjiang.union.operations.progress.Progress;
import cn.binjiang.union.schema.EventStream;
import cn.binjiang.union.schema.kpi.KpiCalendar;
import cn.binjiang.union.schema.kpi.KpiCatalog;
import cn.binjiang.union.schema.kpi.KpiDefinition;
import cn.binjiang.union.seeds.generator.RandomEvents;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Freshness: events happening now, sent at a fixed rate to the running job, and the time from each
 * send to the moment a JDBC query sees its KPIs move.
 *
 * <p>The probe is each KPI's cell for the whole district this year: its {@code version} counts the
 * distinct events folded into it and only grows, so a query that reads version v (above the value
 * before the first send) shows that the first v of this KPI's events have arrived. Each (event,
 * KPI it counts in) pair is one sample; an event counted by no KPI gives none.
 */
public final class Freshness {
    private static final long POLL_MS = 20;
    private static final long DRAIN_NANOS = 30_000_000_000L;
    private static final String PROBE = "SELECT kpi_id, toString(bucket), max(version) FROM kpi_values "
            + "WHERE grain = 'year' AND bucket >= ? AND street = '' AND industry = '' AND employment_form = '' AND category = '' "
            + "GROUP BY kpi_id, bucket";

    /** @param sentPerSecond the rate the producer held */
    public record Result(Latency latency, double sentPerSecond, long events, long unseen) {}

    /**
     * One probe cell's send times, in order: written by the producer thread only, read by the
     * poller up to {@link #count}. The array is replaced by a longer copy when full; a reader that
     * read {@code count} first sees an array holding at least that many.
     */
    private static final class SendLog {
        private volatile long[] sentAt = new long[1024];
        private volatile int count;

        void add(long nanos) {
            int n = count;
            if (n == sentAt.length) sentAt = Arrays.copyOf(sentAt, n * 2);
            sentAt[n] = nanos;
            count = n + 1;
        }

        long sentAt(int i) {
            return sentAt[i];
        }
    }

    private Freshness() {}

    public static Result measure(BenchTopics topics, BenchOptions options, BenchDatabase db) throws Exception {
        int total = options.freshnessRate() * options.freshnessSeconds();
        LocalDate thisYear = LocalDate.now(KpiCalendar.ZONE).withDayOfYear(1);
        Map<String, Long> baseline = probe(db, thisYear);
        Map<String, SendLog> logs = new HashMap<>();
        for (KpiDefinition kpi : KpiCatalog.fromClasspath().all()) {
            for (LocalDate year = thisYear; year.isBefore(thisYear.plusYears(2)); year = year.plusYears(1)) {
                logs.put(kpi.id() + "|" + year, new SendLog());
            }
        }
        ExecutorService producerThread = Executors.newSingleThreadExecutor();
        try {
            Future<Double> sending = producerThread.submit(() -> send(topics, options, total, logs));
            Histogram micros = Latency.histogram();
            Map<String, Long> seen = new HashMap<>();
            Progress progress = new Progress("freshness: KPI contributions seen through JDBC", 0, System.err);
            long drainDeadline = Long.MAX_VALUE;
            long unseen;
            while (true) {
                Map<String, Long> versions = probe(db, thisYear);
                long now = System.nanoTime();
                unseen = 0;
                for (Map.Entry<String, SendLog> entry : logs.entrySet()) {
                    SendLog log = entry.getValue();
                    int sent = log.count;
                    long visible = Math.min(
                            sent,
                            versions.getOrDefault(entry.getKey(), 0L) - baseline.getOrDefault(entry.getKey(), 0L));
                    long from = seen.getOrDefault(entry.getKey(), 0L);
                    for (long i = from; i < visible; i++) {
                        micros.recordValue(Math.max(0, (now - log.sentAt((int) i)) / 1_000));
                    }
                    seen.put(entry.getKey(), Math.max(from, visible));
                    unseen += sent - Math.max(from, visible);
                }
                progress.update(micros.getTotalCount());
                if (sending.isDone()) {
                    if (unseen == 0 || now > drainDeadline) break;
                    if (drainDeadline == Long.MAX_VALUE) drainDeadline = now + DRAIN_NANOS;
                }
                Thread.sleep(POLL_MS);
            }
            progress.finish(micros.getTotalCount());
            return new Result(Latency.of(micros), sending.get(), total, unseen);
        } finally {
            producerThread.shutdownNow();
        }
    }

    /** Sends {@code total} events at the configured rate; returns the rate it held. */
    private static double send(BenchTopics topics, BenchOptions options, int total, Map<String, SendLog> logs)
            throws Exception {
        RandomEvents events = new RandomEvents(11, LoadReferenceData.roster());
        KpiCatalog catalog = KpiCatalog.fromClasspath();
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = BenchTopics.producer(options.bootstrap(), 5)) {
            for (int i = 0; i < total; i++) {
                long due = started + (long) (i * 1e9 / options.freshnessRate());
                long ahead = due - System.nanoTime();
                if (ahead > 1_000_000) Thread.sleep(ahead / 1_000_000);
                Instant now = Instant.now();
                SpecificRecordBase event = events.any(now);
                String year = "|" + KpiCalendar.dateOf(now).withDayOfYear(1);
                long sentAt = System.nanoTime();
                producer.send(topics.record(event));
                for (KpiDefinition kpi : catalog.forStream(EventStream.of(event))) {
                    if (kpi.matches(event)) logs.get(kpi.id() + year).add(sentAt);
                }
            }
        }
        return total / ((System.nanoTime() - started) / 1e9);
    }

    /** The probe cells' versions, keyed {@code kpi|year}. */
    private static Map<String, Long> probe(BenchDatabase db, LocalDate fromYear) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        try (PreparedStatement query = db.connection().prepareStatement(PROBE)) {
            query.setObject(1, fromYear);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) versions.put(rows.getString(1) + "|" + rows.getString(2), rows.getLong(3));
            }
        }
        return versions;
    }
}
