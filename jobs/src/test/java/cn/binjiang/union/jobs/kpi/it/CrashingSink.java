package cn.binjiang.union.jobs.kpi.it;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps a sink and crashes its writer when the rows written by all subtasks reach each of the
 * given counts, as a task failure would. The counters are static: the MiniCluster runs in the
 * test's JVM, so they survive the job's restarts, and each crash point fires once.
 */
final class CrashingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    static final AtomicLong ROWS = new AtomicLong();
    static final AtomicInteger CRASHES = new AtomicInteger();
    static final Queue<Long> CRASH_POINTS = new ConcurrentLinkedQueue<>();

    private final Sink<T> delegate;

    CrashingSink(Sink<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<T> writer = delegate.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context c) throws IOException, InterruptedException {
                long n = ROWS.incrementAndGet();
                Long next = CRASH_POINTS.peek();
                if (next != null && n >= next && CRASH_POINTS.remove(next)) {
                    CRASHES.incrementAndGet();
                    throw new IOException("injected crash at row " + n);
                }
                writer.write(element, c);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                writer.flush(endOfInput);
            }

            @Override
            public void close() throws Exception {
                writer.close();
            }
        };
    }
}
