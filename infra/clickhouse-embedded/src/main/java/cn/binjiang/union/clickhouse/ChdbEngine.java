package cn.binjiang.union.clickhouse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The chDB engine of this process and its connections. chDB runs one statement at a time and a request needs
 * several in a row (USE, SET, the query, the resets), so callers get a connection for a whole unit of work
 * through {@link #exclusively}; no other thread touches the engine meanwhile.
 */
final class ChdbEngine implements AutoCloseable {
    /** Receives a streamed result piece by piece; throwing stops (cancels) the query. */
    interface ChunkConsumer {
        void accept(byte[] chunk) throws IOException;
    }

    interface Work<T> {
        T run(Session session) throws IOException;
    }

    /** What ClickHouse reports about a finished query (summary header); errors never carry counters. */
    record Stats(long rowsRead, long bytesRead, long rowsWritten, long bytesWritten, long resultBytes, double elapsedSeconds) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0);

        Stats plus(Stats o) {
            return new Stats(rowsRead + o.rowsRead, bytesRead + o.bytesRead, rowsWritten + o.rowsWritten,
                    bytesWritten + o.bytesWritten, resultBytes + o.resultBytes, elapsedSeconds + o.elapsedSeconds);
        }
    }

    record Result(byte[] data, Stats stats) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ChdbLibrary lib;
    // Two connections are two sessions of one engine. The read-only one carries readonly=2 for its whole
    // life (ClickHouse never lets that be undone), so chDB itself refuses writes and DDL on it, while
    // per-request settings can still be applied and reset.
    private final Session readWrite;
    private final Session readOnly;
    // Fair, so that a burst of clients is served in arrival order rather than starving one of them.
    private final ReentrantLock lock = new ReentrantLock(true);
    private boolean closed;

    private ChdbEngine(ChdbLibrary lib, MemorySegment readWrite, MemorySegment readOnly) {
        this.lib = lib;
        this.readWrite = new Session(readWrite);
        this.readOnly = new Session(readOnly);
    }

    /**
     * Settings where chDB's default differs from a ClickHouse server's. async_insert is 1 in chDB; as 0 it
     * matches what clients expect and what the JDBC driver sends, which read-only users could not change.
     * Requests that change them are reset to these values, not to chDB's DEFAULT.
     */
    static final Map<String, String> SERVER_DEFAULTS = Map.of("async_insert", "0");
    private static final String STREAM_ALREADY_ENDED = "No active streaming query";

    static ChdbEngine open(ChdbLibrary lib, Path dataDir) {
        ChdbEngine engine = new ChdbEngine(lib, connect(lib, dataDir), connect(lib, dataDir));
        StringBuilder defaults = new StringBuilder("SET ");
        SERVER_DEFAULTS.forEach((name, value) -> defaults.append(name).append(" = ").append(value).append(", "));
        String set = defaults.substring(0, defaults.length() - 2);
        engine.readWrite.execute(set, "TabSeparated");
        engine.readOnly.execute(set, "TabSeparated");
        engine.readOnly.execute("SET readonly = 2", "TabSeparated");
        return engine;
    }

    private static MemorySegment connect(ChdbLibrary lib, Path dataDir) {
        String[] argv = {"clickhouse", "--path=" + dataDir.toAbsolutePath()};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(ADDRESS, argv.length + 1);
            for (int i = 0; i < argv.length; i++) {
                array.setAtIndex(ADDRESS, i, arena.allocateFrom(argv[i]));
            }
            array.setAtIndex(ADDRESS, argv.length, MemorySegment.NULL);
            MemorySegment handle = (MemorySegment) lib.connect.invokeExact(argv.length, array);
            if (handle.equals(MemorySegment.NULL)) {
                throw new ConfigurationException("chDB could not open --data-dir " + dataDir
                        + " (is another server using it? one data directory serves one process)");
            }
            handle = handle.reinterpret(ADDRESS.byteSize());
            if (handle.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                throw new ConfigurationException("chDB returned no connection for --data-dir " + dataDir);
            }
            return handle;
        } catch (ConfigurationException e) {
            throw e;
        } catch (Throwable t) {
            throw new ConfigurationException("chDB failed to start on --data-dir " + dataDir + ": " + t, t);
        }
    }

    /** Runs {@code work} with sole use of the engine; fails with ABORTED once the engine is closing. */
    <T> T exclusively(boolean readOnlySession, Work<T> work) throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new ClickHouseException(ClickHouseException.ABORTED, "Server is shutting down. (ABORTED)");
            }
            return work.run(readOnlySession ? readOnly : readWrite);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code grace} for the running unit of work, then closes the connection. Closing while a
     * query still runs would free memory under it, so without the lock the connection is left to the OS.
     */
    boolean close(long grace, TimeUnit unit) throws InterruptedException {
        if (!lock.tryLock(grace, unit)) {
            return false;
        }
        try {
            if (!closed) {
                closed = true;
                // The engine shuts down with its last connection, so the read-write one goes last.
                lib.closeConnection.invokeExact(readOnly.handle);
                lib.closeConnection.invokeExact(readWrite.handle);
            }
            return true;
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_close_conn failed", t);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    /** One connection as seen by the thread that holds the engine. */
    final class Session {
        private final MemorySegment handle;
        private final MemorySegment connection;

        private Session(MemorySegment handle) {
            this.handle = handle;
            this.connection = handle.get(ADDRESS, 0);
        }

        Result execute(String sql, String format) {
            return execute(sql.getBytes(StandardCharsets.UTF_8), format, Map.of(), Long.MAX_VALUE);
        }

        /**
         * Runs a statement and returns its whole output; {@code parameters} bind {@code {name:Type}} placeholders.
         * An output longer than {@code maxResultBytes} is refused before it is copied into the Java heap.
         */
        Result execute(byte[] sql, String format, Map<String, String> parameters, long maxResultBytes) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment result = parameters.isEmpty()
                        ? (MemorySegment) lib.query.invokeExact(connection, bytes(arena, sql), (long) sql.length,
                                arena.allocateFrom(format), (long) format.length())
                        : invokeWithParams(lib.queryWithParams, arena, sql, format, parameters);
                try {
                    failIfError(result);
                    long length = (long) lib.resultLength.invokeExact(result);
                    if (length > maxResultBytes) {
                        throw new ClickHouseException(ClickHouseException.TOO_MANY_ROWS_OR_BYTES, "Limit for result exceeded, max bytes: "
                                + maxResultBytes + ", current bytes: " + length + " (the server's --max-result-bytes for formats"
                                + " it cannot stream; use a row format such as TabSeparated or RowBinary). (TOO_MANY_ROWS_OR_BYTES)");
                    }
                    return new Result(data(result), stats(result));
                } finally {
                    lib.destroyResult.invokeExact(result);
                }
            } catch (ClickHouseException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("chdb_query_n failed", t);
            }
        }

        /**
         * Runs a query and hands its output over chunk by chunk, so a result never has to fit in memory.
         * A consumer failure (client gone) cancels the query before it propagates.
         */
        Stats stream(byte[] sql, String format, Map<String, String> parameters, ChunkConsumer consumer) throws IOException {
            MemorySegment stream;
            try (Arena arena = Arena.ofConfined()) {
                stream = parameters.isEmpty()
                        ? (MemorySegment) lib.streamQuery.invokeExact(connection, bytes(arena, sql), (long) sql.length,
                                arena.allocateFrom(format), (long) format.length())
                        : invokeWithParams(lib.streamQueryWithParams, arena, sql, format, parameters);
            } catch (Throwable t) {
                throw new IllegalStateException("chdb_stream_query_n failed", t);
            }
            boolean finished = false;
            try {
                failIfError(stream);
                Stats total = Stats.NONE;
                boolean delivered = false;
                while (true) {
                    MemorySegment chunk = (MemorySegment) lib.streamFetch.invokeExact(connection, stream);
                    try {
                        // An empty result in a format with a header (RowBinaryWithNamesAndTypes, ...) ends
                        // with the header chunk: chDB then answers the next fetch with this error instead
                        // of an empty chunk.
                        if (delivered && errorText(chunk).filter(e -> e.contains(STREAM_ALREADY_ENDED)).isPresent()) {
                            finished = true;
                            return total;
                        }
                        failIfError(chunk);
                        byte[] data = data(chunk);
                        if (data.length == 0) {
                            finished = true;
                            return total;
                        }
                        total = total.plus(stats(chunk));
                        consumer.accept(data);
                        delivered = true;
                    } finally {
                        lib.destroyResult.invokeExact(chunk);
                    }
                }
            } catch (ClickHouseException e) {
                finished = true; // the engine ended the query itself
                throw e;
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("chDB streaming failed", t);
            } finally {
                try {
                    if (!finished) {
                        lib.streamCancel.invokeExact(connection, stream);
                    }
                    lib.destroyResult.invokeExact(stream);
                } catch (Throwable t) {
                    throw new IllegalStateException("chDB stream cleanup failed", t);
                }
            }
        }

        private MemorySegment invokeWithParams(MethodHandle function, Arena arena, byte[] sql, String format,
                Map<String, String> parameters) throws Throwable {
            int n = parameters.size();
            MemorySegment names = arena.allocate(ADDRESS, n);
            MemorySegment nameLengths = arena.allocate(JAVA_LONG, n);
            MemorySegment values = arena.allocate(ADDRESS, n);
            MemorySegment valueLengths = arena.allocate(JAVA_LONG, n);
            int i = 0;
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                byte[] name = p.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = p.getValue().getBytes(StandardCharsets.UTF_8);
                names.setAtIndex(ADDRESS, i, bytes(arena, name));
                nameLengths.setAtIndex(JAVA_LONG, i, name.length);
                values.setAtIndex(ADDRESS, i, bytes(arena, value));
                valueLengths.setAtIndex(JAVA_LONG, i, value.length);
                i++;
            }
            byte[] formatBytes = format.getBytes(StandardCharsets.UTF_8);
            return (MemorySegment) function.invokeExact(connection, bytes(arena, sql), (long) sql.length,
                    bytes(arena, formatBytes), (long) formatBytes.length, names, nameLengths, values, valueLengths, (long) n);
        }

        private static MemorySegment bytes(Arena arena, byte[] bytes) {
            MemorySegment segment = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
            return segment;
        }

        private void failIfError(MemorySegment result) throws Throwable {
            if (result.equals(MemorySegment.NULL)) {
                throw new ClickHouseException(ClickHouseException.UNKNOWN_EXCEPTION, "chDB returned no result");
            }
            Optional<String> error = errorText(result);
            if (error.isPresent()) {
                throw ClickHouseException.fromEngine(error.get());
            }
        }

        private Optional<String> errorText(MemorySegment result) throws Throwable {
            if (result.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            MemorySegment error = (MemorySegment) lib.resultError.invokeExact(result);
            return error.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(error.reinterpret(Long.MAX_VALUE).getString(0));
        }

        private byte[] data(MemorySegment result) throws Throwable {
            long length = (long) lib.resultLength.invokeExact(result);
            MemorySegment buffer = (MemorySegment) lib.resultBuffer.invokeExact(result);
            if (length == 0 || buffer.equals(MemorySegment.NULL)) {
                return new byte[0];
            }
            return buffer.reinterpret(length).toArray(JAVA_BYTE);
        }

        // Only called on successful results: chDB's counters are garbage on error results.
        private Stats stats(MemorySegment result) throws Throwable {
            return new Stats((long) lib.resultRowsRead.invokeExact(result), (long) lib.resultBytesRead.invokeExact(result),
                    (long) lib.resultRowsWritten.invokeExact(result), (long) lib.resultBytesWritten.invokeExact(result),
                    (long) lib.resultLength.invokeExact(result), (double) lib.resultElapsed.invokeExact(result));
        }
    }
}
