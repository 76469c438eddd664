package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.KpiJobMain;
import cn.binjiang.union.jobs.kpi.config.KpiJobOptions;
import cn.binjiang.union.jobs.kpi.rows.KpiValueRows;
import cn.binjiang.union.jobs.sink.clickhouse.ClickHouseConnections;
import cn.binjiang.union.jobs.wiring.ClickHouseOptions;
import cn.binjiang.union.jobs.wiring.FlinkRest;
import cn.binjiang.union.operations.progress.Progress;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * Recomputes the chosen KPIs from the raw event tables and puts the result where the KPI job and the readers find
 * it:
 *
 * <ol>
 *   <li>stops the KPI job with a savepoint ({@link SavepointStop}): the raw tables then hold exactly what its state
 *       counted;
 *   <li>counts the stored events again through the job's fan-out ({@link RebuiltCells});
 *   <li>writes a new savepoint with the rebuilt cells' totals ({@link CellStateRewrite}), which the job resumes from
 *       ({@code ./platform kpi rebuild} starts it again), so its next events add to the rebuilt values;
 *   <li>upserts the rebuilt cells into {@code kpi_values}, each KPI in one {@code INSERT}: ClickHouse makes one
 *       insert visible at once, so a reader sees a KPI either as it was or rebuilt, never half of each.
 * </ol>
 *
 * <p>The job is paused meanwhile, not disturbed: its input waits in Kafka and is counted on resume.
 */
public final class KpiRebuild {
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);
    /**
     * ClickHouse's max_insert_block_size: an INSERT of more rows is stored as several parts, each visible on its own.
     */
    private static final int ROWS_SHOWN_AT_ONCE = 1_048_576;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Configuration config;
    private final RebuildScope scope;
    private final String savepoints;
    private final PrintStream out;

    /**
     * @param config the KPI job's settings: where ClickHouse is, the late horizon
     * @param savepoints the directory (a URI) the job's savepoints go to, the stop's and the rebuilt one
     */
    public KpiRebuild(Configuration config, RebuildScope scope, String savepoints, PrintStream out) {
        this.config = config;
        this.scope = scope;
        this.savepoints = savepoints.endsWith("/") ? savepoints : savepoints + "/";
        this.out = out;
    }

    /** Stops the running KPI job with a savepoint; returns its path. */
    public String stopJob(FlinkRest flink) throws Exception {
        out.printf("kpi rebuild: %s, %s%n", String.join(", ", scope.kpiIds()), scope.years());
        String savepoint = SavepointStop.stop(flink, KpiJobMain.JOB_NAME, savepoints, STOP_TIMEOUT);
        out.println("kpi rebuild: the KPI job stopped with savepoint " + savepoint);
        return savepoint;
    }

    /**
     * Rebuilds the scope's cells over the job's {@code savepoint} (taken by a stop, {@link #stopJob}); returns the
     * rebuilt savepoint, which the job is to resume from.
     */
    public String from(String savepoint) throws Exception {
        long started = System.nanoTime();
        String url = config.get(ClickHouseOptions.URL);
        String user = config.get(ClickHouseOptions.USER);
        String password = config.get(ClickHouseOptions.PASSWORD);
        Counted counted;
        Map<String, Long> stored;
        try (Connection clickhouse = ClickHouseConnections.open(url, user, password)) {
            counted = count(clickhouse, scope);
            stored = StoredVersions.of(clickhouse, scope);
        }
        RebuiltCells cells = counted.cells();
        List<KpiValue> rows = cells.over(stored, System.currentTimeMillis());

        String target = savepoints + "savepoint-rebuild-"
                + LocalDateTime.now(ZoneOffset.UTC).format(STAMP);
        CellStateRewrite.write(
                savepoint,
                target,
                scope.cells(),
                rows,
                config.get(KpiJobOptions.LATE_HORIZON).toMillis());
        out.println("kpi rebuild: the KPI job's state with the rebuilt cells: " + target);

        Map<String, List<KpiValue>> byKpi =
                rows.stream().collect(Collectors.groupingBy(KpiValue::kpiId, LinkedHashMap::new, Collectors.toList()));
        try (Connection clickhouse = ClickHouseConnections.forInserts(url, user, password, Duration.ofMinutes(5))) {
            for (var kpi : byKpi.entrySet()) {
                if (kpi.getValue().size() > ROWS_SHOWN_AT_ONCE) {
                    out.printf(
                            "kpi rebuild: %s has %,d cells, more than one INSERT shows at once (%,d): readers may see"
                                    + " it half rebuilt for the moment the INSERT takes%n",
                            kpi.getKey(), kpi.getValue().size(), ROWS_SHOWN_AT_ONCE);
                }
                insert(clickhouse, kpi.getValue());
                out.printf(
                        "kpi rebuild: %s: %,d cells%n",
                        kpi.getKey(), kpi.getValue().size());
            }
        }
        out.printf(
                "kpi rebuild: done: %,d events counted into %,d cells in %.1f s (%,.0f events/s; %.1f s with the state"
                        + " and the inserts)%n",
                counted.events(),
                rows.size(),
                counted.seconds(),
                counted.perSecond(),
                (System.nanoTime() - started) / 1e9);
        return target;
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
     * The counting part of a rebuild: the scope's stored events read from the raw tables and counted into cells, with
     * a progress line (rate, ETA) on stderr. The bench times it on its own.
     */
    public static Counted count(Connection clickhouse, RebuildScope scope) throws SQLException {
        long started = System.nanoTime();
        RebuiltCells cells = new RebuiltCells(scope);
        StoredEvents stock = new StoredEvents(clickhouse, scope);
        Progress progress = new Progress("kpi rebuild: events counted", stock.roughCount(), System.err);
        long[] counted = {0};
        long events = stock.forEach(event -> {
            cells.add(event);
            progress.update(++counted[0]);
        });
        progress.finish(events);
        return new Counted(cells, events, System.nanoTime() - started);
    }

    private static void insert(Connection clickhouse, List<KpiValue> cells) throws Exception {
        KpiValueRows binder = new KpiValueRows();
        try (PreparedStatement statement = clickhouse.prepareStatement(binder.insertSql())) {
            for (KpiValue cell : cells) {
                binder.bind(statement, cell);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
