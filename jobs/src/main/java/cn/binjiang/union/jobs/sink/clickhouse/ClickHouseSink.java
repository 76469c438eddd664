package cn.binjiang.union.jobs.sink.clickhouse;

import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a stream into one ClickHouse table through the official JDBC driver, in batches by size
 * and by time, flushed before every checkpoint, retried with back-off while ClickHouse is away.
 *
 * <p>At-least-once towards ClickHouse (nothing buffered is lost: a checkpoint completes only after
 * its flush), exactly-once in effect because the tables deduplicate by identity (see
 * {@link RowBinder}). No writer state: after a restore the source replays what was not yet
 * checkpointed.
 *
 * <p>Metrics per subtask: {@code rowsWritten}, {@code batchesWritten}, {@code retries} (counters),
 * {@code flushLatencyMs} (histogram over the last {@value ClickHouseSinkMetrics#LATENCY_WINDOW} batches,
 * retries included).
 */
public final class ClickHouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ClickHouseSinkConfig config;
    private final RowBinder<T> binder;

    public ClickHouseSink(ClickHouseSinkConfig config, RowBinder<T> binder) {
        this.config = config;
        this.binder = binder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ClickHouseSinkMetrics metrics = new ClickHouseSinkMetrics(context.metricGroup());
        InsertOutage outage = new InsertOutage(
                binder.table(),
                context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getNumberOfParallelSubtasks());
        return new ClickHouseSinkWriter<>(
                config,
                new BatchInserter<>(config, binder, metrics, outage),
                context.getProcessingTimeService(),
                copyIfReused(context));
    }

    /** With object reuse on, Flink may hand the same instance again after write() returns: buffer copies. */
    private static <T> UnaryOperator<T> copyIfReused(WriterInitContext context) {
        if (!context.isObjectReuseEnabled()) return UnaryOperator.identity();
        TypeSerializer<T> serializer = context.createInputSerializer();
        return serializer::copy;
    }
}
