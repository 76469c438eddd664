package cn.binjiang.union.jobs.sink.clickhouse;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The sink's own metrics, on the writer's metric group (one set per subtask). */
final class ClickHouseSinkMetrics {
    private final Counter rowsWritten;
    private final Counter batchesWritten;
    private final Counter retries;
    private volatile long lastFlushLatencyMillis;

    ClickHouseSinkMetrics(MetricGroup group) {
        this.rowsWritten = group.counter("rowsWritten");
        this.batchesWritten = group.counter("batchesWritten");
        this.retries = group.counter("retries");
        // Gauges are read by the reporter thread, hence the volatile field.
        group.gauge("flushLatencyMs", () -> lastFlushLatencyMillis);
    }

    void retried() {
        retries.inc();
    }

    /** A batch is in ClickHouse; its latency runs from the first attempt, retries included. */
    void written(int rows, long latencyMillis) {
        rowsWritten.inc(rows);
        batchesWritten.inc();
        lastFlushLatencyMillis = latencyMillis;
    }
}
