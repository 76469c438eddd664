package cn.binjiang.union.jobs.sink.clickhouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Buffers elements and writes them as one batch when the buffer is full, when its oldest element
 * has waited {@code flushInterval}, and on {@link #flush} (before every checkpoint barrier and at
 * the end of input), so that a completed checkpoint means everything before it is in ClickHouse.
 *
 * <p>Everything runs on the task's mailbox thread (processing-time callbacks included), so the
 * buffer needs no locking; and a batch blocked on an unreachable ClickHouse blocks the task:
 * back-pressure upstream, and checkpoints wait for it.
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T> {
    private final BatchInserter<T> inserter;
    private final ProcessingTimeService time;
    private final UnaryOperator<T> copyIfReused;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final List<T> buffer;
    private long oldestBufferedAt;
    private ScheduledFuture<?> flushTimer;

    ClickHouseSinkWriter(
            ClickHouseSinkConfig config,
            BatchInserter<T> inserter,
            ProcessingTimeService time,
            UnaryOperator<T> copyIfReused) {
        this.inserter = inserter;
        this.time = time;
        this.copyIfReused = copyIfReused;
        this.batchSize = config.batchSize();
        this.flushIntervalMillis = config.flushInterval().toMillis();
        this.buffer = new ArrayList<>(Math.min(batchSize, 10_000));
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            oldestBufferedAt = time.getCurrentProcessingTime();
            if (flushTimer == null) scheduleFlushAt(oldestBufferedAt + flushIntervalMillis);
        }
        buffer.add(copyIfReused.apply(element));
        if (buffer.size() >= batchSize) writeBuffer();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffer();
    }

    /**
     * One timer at a time: when it fires after a size-triggered write, the buffer holds younger
     * elements and the timer is moved to their due time instead of writing them early.
     */
    private void onFlushTimer(long now) throws IOException, InterruptedException {
        flushTimer = null;
        if (buffer.isEmpty()) return;
        long due = oldestBufferedAt + flushIntervalMillis;
        if (now >= due) {
            writeBuffer();
        } else {
            scheduleFlushAt(due);
        }
    }

    private void scheduleFlushAt(long due) {
        flushTimer = time.registerTimer(due, this::onFlushTimer);
    }

    private void writeBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) return;
        inserter.insert(buffer);
        buffer.clear();
    }

    @Override
    public void close() {
        if (flushTimer != null) flushTimer.cancel(false);
        inserter.close();
    }
}
