package cn.binjiang.union.jobs.sink.clickhouse;

import static cn.binjiang.union.jobs.sink.clickhouse.MigratedClickHouse.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import cn.binjiang.union.jobs.kpi.rows.KpiValueRows;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sink's log says about ClickHouse going away and coming back, and about a failure no
 * retry can cure: two writers (subtasks 1/2 and 2/2 of one sink) against a ClickHouse of the
 * test's own, which it stops and restarts.
 */
class ClickHouseOutageLogIT {
    private static final String SINK_LOGGERS = "cn.binjiang.union.jobs.sink.clickhouse";

    @TempDir
    static Path dataDir;

    private static EmbeddedClickHouseProcess clickhouse;

    @BeforeAll
    static void start() throws SQLException {
        clickhouse = EmbeddedClickHouseProcess.builder(dataDir).maxHeap("256m").start();
        try (Connection c = connect()) {
            MigratedClickHouse.migrate(c);
        }
    }

    @AfterAll
    static void stop() {
        clickhouse.close();
    }

    @Test
    void aStoppedAndRestartedClickHouseIsOneWarningAndOneRecoveryPerSubtaskAndNothingPerRetry() throws Exception {
        ClickHouseSinkConfig config = ClickHouseSinkConfig.builder()
                .jdbcUrl(clickhouse.jdbcUrl())
                .minBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200))
                .build();
        try (CapturedLog log = CapturedLog.of(SINK_LOGGERS);
                BatchInserter<KpiValue> first = inserter(config, 0);
                BatchInserter<KpiValue> second = inserter(config, 1)) {
            first.insert(cells("before", 1));
            second.insert(cells("before", 2));

            int port = clickhouse.port();
            clickhouse.stop();
            CompletableFuture<Void> firstDuringOutage = insertInBackground(first, cells("during", 1));
            CompletableFuture<Void> secondDuringOutage = insertInBackground(second, cells("during", 2));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.at(Level.DEBUG).stream()
                                            .filter(line -> line.contains("subtask 1/2"))
                                            .count()
                                    >= 3
                            && log.at(Level.DEBUG).stream()
                                            .filter(line -> line.contains("subtask 2/2"))
                                            .count()
                                    >= 3);
            clickhouse = EmbeddedClickHouseProcess.builder(dataDir)
                    .port(port)
                    .maxHeap("256m")
                    .start();
            firstDuringOutage.get(60, TimeUnit.SECONDS);
            secondDuringOutage.get(60, TimeUnit.SECONDS);

            assertThat(log.at(Level.WARN))
                    .as("the sink's warnings")
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line)
                            .matches(
                                    "WARN ClickHouse unreachable: inserts into kpi_values, subtask [12]/2 fail, retrying with back-off"
                                            + " until they succeed \\(the job is held back meanwhile\\): .+"));
            assertThat(log.at(Level.WARN))
                    .anyMatch(line -> line.contains("subtask 1/2"))
                    .anyMatch(line -> line.contains("subtask 2/2"));
            assertThat(log.at(Level.INFO))
                    .as("the sink's recoveries")
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line)
                            .matches(
                                    "INFO ClickHouse recovered: inserts into kpi_values, subtask [12]/2 succeed again after"
                                            + " \\d+\\.\\d s and \\d+ failed attempts"));
            assertThat(log.at(Level.INFO))
                    .anyMatch(line -> line.contains("subtask 1/2"))
                    .anyMatch(line -> line.contains("subtask 2/2"));
            assertThat(log.at(Level.ERROR)).isEmpty();
            assertThat(log.at(Level.DEBUG))
                    .as("one line per retry, at DEBUG only")
                    .allSatisfy(line -> assertThat(line).contains("failed, retrying in"));
        }
        try (Connection c = connect()) {
            assertThat(value(c, "SELECT toString(count()) FROM kpi_values FINAL WHERE kpi_id = 'outage_log'"))
                    .isEqualTo("40");
        }
    }

    @Test
    void anUnknownTableFailsTheWriterAtOnceNamingTableColumnsAndCauseWithoutAnOutageLine() throws Exception {
        ClickHouseSinkConfig config = ClickHouseSinkConfig.builder()
                .jdbcUrl(clickhouse.jdbcUrl())
                .minBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200))
                .build();
        long started = System.nanoTime();
        try (CapturedLog log = CapturedLog.of(SINK_LOGGERS);
                BatchInserter<String> inserter = new BatchInserter<>(
                        config,
                        new MissingTable(),
                        new ClickHouseSinkMetrics(new UnregisteredMetricsGroup()),
                        new InsertOutage("no_such_table", 0, 1))) {
            assertThatThrownBy(() -> inserter.insert(List.of("a")))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith(
                            "ClickHouse refused inserting 1 rows into no_such_table (id), which no retry can cure: ")
                    .hasMessageContaining("UNKNOWN_TABLE")
                    .hasMessageEndingWith("; the batch's first row: a");
            assertThat(log.at(Level.WARN)).isEmpty();
            assertThat(log.at(Level.DEBUG)).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    /** A binder of a table the database does not have. */
    private static final class MissingTable implements RowBinder<String> {
        @Override
        public String table() {
            return "no_such_table";
        }

        @Override
        public List<String> columns() {
            return List.of("id");
        }

        @Override
        public void bind(PreparedStatement statement, String element) throws SQLException {
            statement.setString(1, element);
        }
    }

    private static BatchInserter<KpiValue> inserter(ClickHouseSinkConfig config, int subtask) {
        return new BatchInserter<>(
                config,
                new KpiValueRows(),
                new ClickHouseSinkMetrics(new UnregisteredMetricsGroup()),
                new InsertOutage("kpi_values", subtask, 2));
    }

    /** On a thread of its own, as each subtask has (the common pool may have one thread on a small machine). */
    private static CompletableFuture<Void> insertInBackground(BatchInserter<KpiValue> inserter, List<KpiValue> cells) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new Thread(
                        () -> {
                            try {
                                inserter.insert(cells);
                                done.complete(null);
                            } catch (IOException | InterruptedException | RuntimeException e) {
                                done.completeExceptionally(e);
                            }
                        },
                        "insert-during-outage")
                .start();
        return done;
    }

    /** Ten cells of one street per (phase, subtask): distinct rows, so the final count proves every batch landed. */
    private static List<KpiValue> cells(String phase, int subtask) {
        return IntStream.range(0, 10)
                .mapToObj(i -> new KpiValue(
                        "outage_log", "day", 20_000 + i, phase + "-" + subtask, "", "", "", 100, 1, 0, Long.MIN_VALUE))
                .toList();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(clickhouse.jdbcUrl(), "default", "");
    }
}
