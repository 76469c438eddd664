package cn.binjiang.union.jobs.sink.clickhouse;

import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.rows;
import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import cn.binjiang.union.jobs.kpi.rows.KpiValueRows;
import cn.binjiang.union.schema.kpi.KpiValue;
import cn.binjiang.union.testkit.TestClickHouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink in Flink jobs on a MiniCluster without restarts (a failure would fail the test), writing
 * into the shared test ClickHouse, or into one of its own that it stops and restarts.
 */
class ClickHouseSinkIT {
    private static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static String db;

    @BeforeAll
    static void migrate() throws Exception {
        db = MigratedClickHouse.freshDatabase(CLICKHOUSE, "clickhouse_sink");
    }

    @Test
    void fiftyThousandUpsertsOverTwoSubtasksWithCheckpointsLandExactlyOnce() throws Exception {
        KpiValueFeed feed = new KpiValueFeed("sink_test", 50_000, 10_000);
        StreamExecutionEnvironment env = environment(2);
        env.enableCheckpointing(200);
        env.fromSource(feed.source(RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), "kpi-values")
                .sinkTo(sink(config().batchSize(1_000).build()));

        JobClient job = env.executeAsync("fifty thousand upserts");
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        try (Connection c = CLICKHOUSE.connect(db)) {
            String kpi = " WHERE kpi_id = 'sink_test'";
            assertThat(value(c, "SELECT toString(count()) FROM kpi_values FINAL" + kpi))
                    .isEqualTo("10000");
            assertThat(new BigDecimal(value(c, "SELECT toString(sum(value)) FROM kpi_values FINAL" + kpi)))
                    .isEqualByComparingTo(feed.expectedFinalSum());
            assertThat(value(
                            c,
                            "SELECT toString(min(version)) || '-' || toString(max(version)) FROM kpi_values FINAL"
                                    + kpi))
                    .isEqualTo("5-5");
        }
        SinkMetricsReader metrics = new SinkMetricsReader(METRICS, job.getJobID());
        assertThat(metrics.total("rowsWritten")).isEqualTo(50_000);
        assertThat(metrics.total("batchesWritten")).isGreaterThanOrEqualTo(50);
        assertThat(metrics.total("retries")).isZero();
    }

    @Test
    void aTrickleOfRowsIsVisibleWithinASecondWithoutCheckpointsOrAFullBatch() throws Exception {
        KpiValueFeed feed = new KpiValueFeed("sink_trickle", Long.MAX_VALUE, 1_000_000);
        StreamExecutionEnvironment env = environment(1);
        env.fromSource(feed.source(RateLimiterStrategy.perSecond(2)), WatermarkStrategy.noWatermarks(), "kpi-values")
                .sinkTo(sink(config().build()));

        JobClient job = env.executeAsync("trickle");
        Map<String, Long> lagByRow = new LinkedHashMap<>();
        try (Connection c = CLICKHOUSE.connect(db)) {
            long deadline = System.currentTimeMillis() + 15_000;
            while (lagByRow.size() < 6 && System.currentTimeMillis() < deadline) {
                long now = System.currentTimeMillis();
                for (List<String> row : rows(
                        c,
                        "SELECT street, toString(toUnixTimestamp64Milli(updated_at)) FROM kpi_values"
                                + " WHERE kpi_id = 'sink_trickle'")) {
                    lagByRow.putIfAbsent(row.get(0), now - Long.parseLong(row.get(1)));
                }
                Thread.sleep(20);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        assertThat(lagByRow).hasSizeGreaterThanOrEqualTo(6);
        assertThat(new ArrayList<>(lagByRow.values()))
                .as("ms from each row's creation to its visibility: %s", lagByRow)
                .allSatisfy(lag -> assertThat(lag).isLessThan(1_000));
    }

    @Test
    void clickHouseAwayForTwentySecondsMidStreamHoldsTheJobBackButLosesAndDuplicatesNothing(@TempDir Path dataDir)
            throws Exception {
        EmbeddedClickHouseProcess clickhouse =
                EmbeddedClickHouseProcess.builder(dataDir).maxHeap("256m").start();
        int port = clickhouse.port();
        try {
            try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl(), "default", "")) {
                MigratedClickHouse.migrate(c);
            }
            KpiValueFeed feed = new KpiValueFeed("sink_outage", 10_000, 1_000);
            StreamExecutionEnvironment env = environment(2);
            env.enableCheckpointing(500);
            env.fromSource(
                            feed.source(RateLimiterStrategy.perSecond(1_000)),
                            WatermarkStrategy.noWatermarks(),
                            "kpi-values")
                    .sinkTo(sink(ClickHouseSinkConfig.builder()
                            .jdbcUrl(clickhouse.jdbcUrl())
                            .batchSize(500)
                            .flushInterval(Duration.ofMillis(200))
                            .maxBackoff(Duration.ofSeconds(2))
                            .build()));

            JobClient job = env.executeAsync("clickhouse outage");
            String written = clickhouse.jdbcUrl();
            await().atMost(Duration.ofSeconds(30)).until(() -> count(written, "kpi_values") > 0);
            clickhouse.stop();
            Thread.sleep(20_000);
            JobStatus duringOutage = job.getJobStatus().get();
            clickhouse = EmbeddedClickHouseProcess.builder(dataDir)
                    .port(port)
                    .maxHeap("256m")
                    .start();
            job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

            assertThat(duringOutage).isEqualTo(JobStatus.RUNNING);
            try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl(), "default", "")) {
                assertThat(value(c, "SELECT toString(count()) FROM kpi_values FINAL"))
                        .isEqualTo("1000");
                assertThat(new BigDecimal(value(c, "SELECT toString(sum(value)) FROM kpi_values FINAL")))
                        .isEqualByComparingTo(feed.expectedFinalSum());
                assertThat(value(
                                c,
                                "SELECT toString(min(version)) || '-' || toString(max(version)) FROM kpi_values FINAL"))
                        .isEqualTo("10-10");
            }
            SinkMetricsReader metrics = new SinkMetricsReader(METRICS, job.getJobID());
            assertThat(metrics.total("retries")).isPositive();
            assertThat(metrics.total("rowsWritten")).isEqualTo(10_000);
        } finally {
            clickhouse.close();
        }
    }

    @Test
    void aRowClickHouseCannotTakeFailsTheJobAtOnceNamingTheTableTheErrorAndTheRowWithResidentIdsMasked()
            throws Exception {
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sink_refusals (id String, amount UInt32) ENGINE = ReplacingMergeTree ORDER BY id");
        }
        StreamExecutionEnvironment env = environment(1);
        env.fromData("ok|7", "owed|not a number: 110101199003071234")
                .sinkTo(new ClickHouseSink<>(
                        config().minBackoff(Duration.ofMillis(50))
                                .maxBackoff(Duration.ofMillis(200))
                                .build(),
                        new AmountRows()));
        long started = System.nanoTime();

        JobClient job = env.executeAsync("a row that cannot be inserted");
        Throwable failure = catchThrowable(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no retries until a timeout")
                .isLessThan(Duration.ofSeconds(30));
        Throwable refusal = failure;
        while (refusal != null && !String.valueOf(refusal.getMessage()).startsWith("ClickHouse refused"))
            refusal = refusal.getCause();
        assertThat(refusal).as("the sink's failure in %s", failure).isNotNull();
        assertThat(refusal.getMessage())
                .startsWith(
                        "ClickHouse refused inserting 2 rows into sink_refusals (id, amount), which no retry can cure: ")
                .endsWith("row 2 of the batch: owed|not a number: ******************");
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("what Flink logs of the failure").doesNotContain("110101199003071234");
        try (Connection c = CLICKHOUSE.connect(db)) {
            assertThat(value(c, "SELECT toString(count()) FROM sink_refusals")).isEqualTo("0");
        }
    }

    /** A row of {@code sink_refusals}: {@code id|amount}, the amount bound as the text it is. */
    private static final class AmountRows implements RowBinder<String> {
        @Override
        public String table() {
            return "sink_refusals";
        }

        @Override
        public List<String> columns() {
            return List.of("id", "amount");
        }

        @Override
        public void bind(PreparedStatement statement, String row) throws SQLException {
            String[] fields = row.split("\\|", 2);
            statement.setString(1, fields[0]);
            statement.setString(2, fields[1]);
        }
    }

    private static long count(String jdbcUrl, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "default", "")) {
            return Long.parseLong(value(c, "SELECT toString(count()) FROM " + table));
        }
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
        env.setParallelism(parallelism);
        return env;
    }

    private static ClickHouseSinkConfig.Builder config() {
        return ClickHouseSinkConfig.builder().jdbcUrl(CLICKHOUSE.jdbcUrl(db));
    }

    private static ClickHouseSink<KpiValue> sink(ClickHouseSinkConfig config) {
        return new ClickHouseSink<>(config, new KpiValueRows());
    }
}
