package cn.binjiang.union.jobs.sink.clickhouse;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The sink's own metrics, on the writer's metric group (one set per subtask). */
final class ClickHouseSinkMetrics {
    /**
     * Batches the latency quantiles are taken over: at the default flush interval of 500 ms, the last
     * few minutes of a busy writer, so a slow spell shows in the quantiles while it lasts and leaves
     * them soon after.
     */
    static final int LATENCY_WINDOW = 500;

    private final Counter rowsWritten;
    private final Counter batchesWritten;
    private final Counter retries;
    private final Histogram flushLatencyMs;

    ClickHouseSinkMetrics(MetricGroup group) {
        this.rowsWritten = group.counter("rowsWritten");
        this.batchesWritten = group.counter("batchesWritten");
        this.retries = group.counter("retries");
        this.flushLatencyMs = group.histogram("flushLatencyMs", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
    }

    void retried() {
        retries.inc();
    }

    /** A batch is in ClickHouse; its latency runs from the first attempt, retries included. */
    void written(int rows, long latencyMillis) {
        rowsWritten.inc(rows);
        batchesWritten.inc();
        flushLatencyMs.update(latencyMillis);
    }
}
