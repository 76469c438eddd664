package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import cn.binjiang.union.jobs.kpi.rows.KpiValueRows;
import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseConnections;
import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.KafkaOptions;
import cn.binjiang.union.operations.progress.Progress;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.schema.topic.Topic;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.common.TopicPartition;

/**
 * Recomputes the chosen KPIs from the raw event tables while the KPI job runs on:
 *
 * <ol>
 *   <li>takes a savepoint of the running job ({@link RunningJob}), the cut: how far it had read each event topic's
 *       partitions and what its state held for the scope's cells ({@link JobCut}); taken again until it holds every
 *       adjustment an earlier rebuild committed;
 *   <li>counts the raw rows below the cut again through the job's fan-out ({@link RebuiltCells}): exactly the events
 *       the savepoint's state counted, each in its newest revision, corrections too late to count live included;
 *   <li>inserts a row of each changed cell into {@code kpi_values}, each KPI in one {@code INSERT}: ClickHouse makes one
 *       insert visible at once, so a reader sees a KPI either as it was or rebuilt, never half of each;
 *   <li>sends the job, in the same step, the difference per cell between the rebuilt total and its state at the cut
 *       ({@link RebuildPlan}), in one Kafka transaction committed after the inserts: the job adds it to whatever it
 *       counted since the cut, so its next events add to the rebuilt values;
 *   <li>waits until the job has checkpointed them.
 * </ol>
 *
 * <p>The job is not stopped: it takes the savepoint as it takes a checkpoint, and counts on meanwhile.
 */
public final class KpiRebuild {
    private static final Duration CUT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RETRY = Duration.ofSeconds(2);
    /**
     * ClickHouse's max_insert_block_size: an INSERT of more rows is stored as several parts, each visible on its own.
     */
    private static final int ROWS_SHOWN_AT_ONCE = 1_048_576;

    private final Configuration config;
    private final RebuildScope scope;
    private final String savepoints;
    private final PrintStream out;

    /**
     * @param config the KPI job's settings: where Kafka and ClickHouse are, its topics' prefix and consumer group, the
     *     cells' grace
     * @param savepoints the directory (a URI) the job writes the rebuild's savepoint to; it is deleted once read
     */
    public KpiRebuild(Configuration config, RebuildScope scope, String savepoints, PrintStream out) {
        this.config = config;
        this.scope = scope;
        this.savepoints = savepoints;
        this.out = out;
    }

    /** Rebuilds the scope's cells against the running {@code job}; returns how many cells changed. */
    public int run(RunningJob job) throws Exception {
        long started = System.nanoTime();
        out.printf("kpi rebuild: %s, %s%n", String.join(", ", scope.kpiIds()), scope.years());
        String url = config.get(ClickHouseOptions.URL);
        String user = config.get(ClickHouseOptions.USER);
        String password = config.get(ClickHouseOptions.PASSWORD);
        String prefix = config.get(KafkaOptions.TOPIC_PREFIX);
        // the cells a rebuild counted may be let go this long after the savepoint: it must be done by then
        Duration limit = config.get(KpiJobOptions.CELL_GRACE).dividedBy(2);
        try (RebuildAdjustments adjustments = new RebuildAdjustments(
                config.get(KafkaOptions.BOOTSTRAP_SERVERS),
                Topic.KPI_REBUILDS.withPrefix(prefix),
                config.get(KpiJobOptions.KAFKA_GROUP_ID))) {
            JobCut cut = cut(job, adjustments);
            long cutAt = System.nanoTime();
            out.printf(
                    "kpi rebuild: the running job's cut: savepoint %s, %,d cells of the scope in its state%n",
                    cut.savepoint(), cut.cells().size());
            Counted counted;
            Map<String, StoredRows.StoredRow> stored;
            try (Connection clickhouse = ClickHouseConnections.open(url, user, password)) {
                counted = count(clickhouse, scope, cut.topics(), prefix);
                stored = StoredRows.of(clickhouse, scope);
            }
            RebuildPlan plan = RebuildPlan.of(
                    new Path(cut.savepoint()).getName(),
                    counted.cells().totals(),
                    cut.cells(),
                    stored,
                    cut.askedAt(),
                    System.currentTimeMillis());
            if (plan.cells() > 0) {
                withinLimit(cutAt, limit);
                boolean[] inserted = {false};
                Map<TopicPartition, Long> sent;
                try {
                    sent = adjustments.send(plan.adjustments(), () -> {
                        insert(url, user, password, plan.rows());
                        inserted[0] = true;
                        withinLimit(cutAt, limit);
                    });
                } catch (Exception e) {
                    if (!inserted[0]) throw e;
                    throw new IllegalStateException(
                            "the rebuilt rows are in kpi_values but the job was not sent their adjustments (" + e
                                    + "): run kpi rebuild again, until then those cells do not show the job's"
                                    + " next events",
                            e);
                }
                out.printf(
                        "kpi rebuild: %,d cells changed; waiting for the job to apply them (its next checkpoint)%n",
                        plan.cells());
                adjustments.awaitApplied(sent, APPLY_TIMEOUT);
            }
            forget(cut.savepoint());
            out.printf(
                    "kpi rebuild: done: %,d events counted into %,d cells in %.1f s (%,.0f events/s), %,d cells"
                            + " changed, %.1f s in all; the job ran on%n",
                    counted.events(),
                    counted.cells().size(),
                    counted.seconds(),
                    counted.perSecond(),
                    plan.cells(),
                    (System.nanoTime() - started) / 1e9);
            return plan.cells();
        }
    }

    /**
     * A savepoint of the running job that holds every adjustment committed before it: one taken while the job still
     * applies an earlier rebuild would have it counted twice.
     */
    private JobCut cut(RunningJob job, RebuildAdjustments adjustments) throws Exception {
        long deadline = System.nanoTime() + CUT_TIMEOUT.toNanos();
        while (true) {
            String why;
            try {
                long askedAt = System.currentTimeMillis();
                JobCut cut = JobCut.read(job.savepoint(savepoints), askedAt, scope.cells());
                if (adjustments.noneCommittedAfter(cut.topics(), CUT_TIMEOUT)) return cut;
                forget(cut.savepoint());
                why = "the job was still applying an earlier rebuild";
            } catch (RunningJob.NotRunning e) {
                throw e;
            } catch (Exception e) {
                why = "the savepoint failed: " + e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no savepoint of the running job to count against within "
                        + CUT_TIMEOUT.toSeconds() + " s (" + why + "); nothing changed");
            }
            out.println("kpi rebuild: " + why + "; another savepoint");
            Thread.sleep(RETRY.toMillis());
        }
    }

    private static void withinLimit(long cutAt, Duration limit) {
        Duration took = Duration.ofNanos(System.nanoTime() - cutAt);
        if (took.compareTo(limit) > 0) {
            throw new IllegalStateException("the rebuild took " + took.toSeconds() + " s after its savepoint, more than"
                    + " half of " + KpiJobOptions.CELL_GRACE.key() + " (" + limit.toSeconds() + " s): cells it counted"
                    + " may be gone from the job's state. Nothing changed; run it again for fewer KPIs or years, or"
                    + " with a longer " + KpiJobOptions.CELL_GRACE.key());
        }
    }

    /** The savepoint was only read: the job does not resume from it. */
    private static void forget(String savepoint) throws Exception {
        Path path = new Path(savepoint);
        path.getFileSystem().delete(path, true);
    }

    /** What the counting of a rebuild gave, and how long it took. */
    public record Counted(RebuiltCells cells, long events, long nanos) {
        public double seconds() {
            return nanos / 1e9;
        }

        public double perSecond() {
            return events / Math.max(1e-3, seconds());
        }
    }

    /**
     * The counting part of a rebuild: the scope's stored events read from the raw tables, below {@code cut} of the
     * topics under {@code topicPrefix}, and counted into cells, with a progress line (rate, ETA) on stderr. The bench
     * times it on its own.
     */
    public static Counted count(Connection clickhouse, RebuildScope scope, TopicCut cut, String topicPrefix)
            throws SQLException {
        long started = System.nanoTime();
        RebuiltCells cells = new RebuiltCells(scope);
        StoredEvents stock = new StoredEvents(clickhouse, scope, cut, topicPrefix);
        Progress progress = new Progress("kpi rebuild: events counted", stock.roughCount(), System.err);
        long[] counted = {0};
        long events = stock.forEach(event -> {
            cells.add(event);
            progress.update(++counted[0]);
        });
        progress.finish(events);
        return new Counted(cells, events, System.nanoTime() - started);
    }

    /** Every stored event, with no cut: a finished run's tables (the bench). */
    public static Counted countEverything(Connection clickhouse, RebuildScope scope) throws SQLException {
        return count(clickhouse, scope, TopicCut.everything(), "");
    }

    private void insert(String url, String user, String password, Map<String, List<KpiValue>> rows) throws Exception {
        KpiValueRows binder = new KpiValueRows();
        try (Connection clickhouse = ClickHouseConnections.forInserts(url, user, password, Duration.ofMinutes(5))) {
            for (var kpi : rows.entrySet()) {
                if (kpi.getValue().size() > ROWS_SHOWN_AT_ONCE) {
                    out.printf(
                            "kpi rebuild: %s has %,d cells to change, more than one INSERT shows at once (%,d):"
                                    + " readers may see it half rebuilt for the moment the INSERT takes%n",
                            kpi.getKey(), kpi.getValue().size(), ROWS_SHOWN_AT_ONCE);
                }
                try (PreparedStatement statement = clickhouse.prepareStatement(binder.insertSql())) {
                    for (KpiValue cell : kpi.getValue()) {
                        binder.bind(statement, cell);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
                out.printf(
                        "kpi rebuild: %s: %,d cells inserted%n",
                        kpi.getKey(), kpi.getValue().size());
            }
        }
    }
}
