package cn.binjiang.union.jobs.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.jobs.kpi.rows.KpiValueRows;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class BatchInserterTest {
    private static final KpiValue CELL =
            new KpiValue("members_joined", "day", 20_000, "", "", "", "", 100, 1, 0, Long.MIN_VALUE);

    @Test
    void withARetryTimeoutABatchThatKeepsFailingFailsTheWriterOnceTheTimeoutHasPassed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClickHouseSinkConfig config = ClickHouseSinkConfig.builder()
                .jdbcUrl("jdbc:clickhouse://127.0.0.1:" + closedPort + "/default")
                .minBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200))
                .retryTimeout(Duration.ofSeconds(1))
                .build();
        long started = System.nanoTime();

        try (BatchInserter<KpiValue> inserter = inserter(config)) {
            assertThatThrownBy(() -> inserter.insert(List.of(CELL)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("inserting 1 rows into kpi_values failed for ")
                    .hasMessageEndingWith("beyond retryTimeout PT1S")
                    .hasCauseInstanceOf(SQLException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @Test
    void aServerThatAcceptsButNeverAnswersBecomesRetriesInsteadOfAStall() throws IOException {
        // Never accept()ed: the kernel completes the connections, nobody ever answers.
        try (ServerSocket hung = new ServerSocket(0)) {
            ClickHouseSinkConfig config = ClickHouseSinkConfig.builder()
                    .jdbcUrl("jdbc:clickhouse://127.0.0.1:" + hung.getLocalPort() + "/default")
                    .requestTimeout(Duration.ofMillis(300))
                    .minBackoff(Duration.ofMillis(50))
                    .maxBackoff(Duration.ofMillis(100))
                    .retryTimeout(Duration.ofSeconds(1))
                    .build();

            try (BatchInserter<KpiValue> inserter = inserter(config)) {
                assertThatThrownBy(() -> inserter.insert(List.of(CELL)))
                        .isInstanceOf(IOException.class)
                        .hasMessageEndingWith("beyond retryTimeout PT1S")
                        .hasCauseInstanceOf(SQLException.class);
            }
        }
    }

    private static BatchInserter<KpiValue> inserter(ClickHouseSinkConfig config) {
        return new BatchInserter<>(
                config,
                new KpiValueRows(),
                new ClickHouseSinkMetrics(new UnregisteredMetricsGroup()),
                new InsertOutage("kpi_values", 0, 1));
    }
}
