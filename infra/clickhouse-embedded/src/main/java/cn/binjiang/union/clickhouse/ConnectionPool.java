package cn.binjiang.union.clickhouse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many statements run at once and lends each one a chDB session. Idle sessions are kept per kind
 * (read-write, read-only) and reused, so a request pays for a new session only when all are busy. A request
 * that finds every slot taken waits at most its {@code queue_max_wait_ms}, then fails with ClickHouse's
 * TOO_MANY_SIMULTANEOUS_QUERIES rather than queueing behind a long query for its whole duration.
 */
final class ConnectionPool {
    private final ChdbEngine engine;
    private final int maxConcurrent;
    // Fair, so that a burst of clients is served in arrival order rather than starving one of them.
    private final Semaphore slots;
    private final Deque<ChdbConnection> idleReadWrite = new ArrayDeque<>();
    private final Deque<ChdbConnection> idleReadOnly = new ArrayDeque<>();
    private volatile boolean closing;

    ConnectionPool(ChdbEngine engine, int maxConcurrent) {
        this.engine = engine;
        this.maxConcurrent = maxConcurrent;
        this.slots = new Semaphore(maxConcurrent, true);
    }

    /** A pooled session of the given kind, for one statement. */
    Lease acquire(boolean readOnly, long maxWaitMillis) {
        takeSlot(maxWaitMillis);
        try {
            ChdbConnection pooled;
            synchronized (this) {
                pooled = (readOnly ? idleReadOnly : idleReadWrite).pollFirst();
            }
            return new Lease(pooled != null ? pooled : engine.connect(readOnly), true);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** A slot for a statement on a session's own connection, which counts against the same bound. */
    Lease acquire(ChdbConnection dedicated, long maxWaitMillis) {
        takeSlot(maxWaitMillis);
        return new Lease(dedicated, false);
    }

    ChdbConnection openDedicated(boolean readOnly) {
        return engine.connect(readOnly);
    }

    /**
     * Waits up to {@code grace} for running statements, then closes the idle sessions. A session still in use
     * is left to the OS: closing it would free memory under a running query.
     */
    boolean close(long grace, TimeUnit unit) throws InterruptedException {
        closing = true;
        boolean quiet = slots.tryAcquire(maxConcurrent, grace, unit);
        synchronized (this) {
            // The engine shuts down with its last connection, so read-write sessions (which may hold writes) go last.
            idleReadOnly.forEach(ChdbConnection::close);
            idleReadWrite.forEach(ChdbConnection::close);
            idleReadOnly.clear();
            idleReadWrite.clear();
        }
        return quiet;
    }

    private void takeSlot(long maxWaitMillis) {
        if (closing) {
            throw new ClickHouseException(ClickHouseException.ABORTED, "Server is shutting down. (ABORTED)");
        }
        try {
            if (!slots.tryAcquire(Math.max(0, maxWaitMillis), TimeUnit.MILLISECONDS)) {
                throw new ClickHouseException(
                        ClickHouseException.TOO_MANY_SIMULTANEOUS_QUERIES,
                        "Too many simultaneous queries. Maximum: "
                                + maxConcurrent + " (the server's --max-concurrent-queries); waited " + maxWaitMillis
                                + " ms (queue_max_wait_ms). (TOO_MANY_SIMULTANEOUS_QUERIES)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException(
                    ClickHouseException.ABORTED, "Interrupted while waiting for a query slot. (ABORTED)");
        }
        if (closing) {
            slots.release();
            throw new ClickHouseException(ClickHouseException.ABORTED, "Server is shutting down. (ABORTED)");
        }
    }

    /** One statement's use of a session; closing it frees the slot and returns a pooled session. */
    final class Lease implements AutoCloseable {
        private final ChdbConnection connection;
        private final boolean pooled;
        private boolean discarded;

        private Lease(ChdbConnection connection, boolean pooled) {
            this.connection = connection;
            this.pooled = pooled;
        }

        ChdbConnection connection() {
            return connection;
        }

        /** The session's state is unknown (a reset failed): close it instead of lending it again. */
        void discard() {
            discarded = true;
        }

        @Override
        public void close() {
            try {
                if (pooled && discarded) {
                    connection.close();
                } else if (pooled) {
                    synchronized (ConnectionPool.this) {
                        (connection.readOnly() ? idleReadOnly : idleReadWrite).addFirst(connection);
                    }
                }
            } finally {
                slots.release();
            }
        }
    }
}
