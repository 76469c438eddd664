package cn.binjiang.union.clickhouse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One chDB connection: a ClickHouse session of its own (settings, current database, temporary tables) on the
 * shared engine. Statements on different connections run concurrently; one connection runs one statement at
 * a time, so a connection is used by one request at a time (see {@link ConnectionPool}).
 *
 * <p>Longer than 300 lines on purpose: the foreign calls into libchdb and the memory they hand back are kept in this one class.
 */
final class ChdbConnection implements AutoCloseable {
    /** Receives a streamed result piece by piece; throwing stops (cancels) the query. */
    interface ChunkConsumer {
        /** {@code soFar} counts the query's work up to and including this chunk. */
        void accept(byte[] chunk, Stats soFar) throws IOException;
    }

    /**
     * What ClickHouse reports about a finished query (summary header); errors never carry counters. For a query,
     * chDB's "rows read" counts the rows of the result, its "storage rows read" the rows the query read; see
     * {@link #stats(MemorySegment)} for a statement that writes.
     */
    record Stats(
            long rowsRead,
            long bytesRead,
            long rowsWritten,
            long bytesWritten,
            long resultRows,
            long resultBytes,
            double elapsedSeconds) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0, 0);

        Stats plus(Stats o) {
            return new Stats(
                    rowsRead + o.rowsRead,
                    bytesRead + o.bytesRead,
                    rowsWritten + o.rowsWritten,
                    bytesWritten + o.bytesWritten,
                    resultRows + o.resultRows,
                    resultBytes + o.resultBytes,
                    elapsedSeconds + o.elapsedSeconds);
        }
    }

    record Result(byte[] data, Stats stats) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final String STREAM_ALREADY_ENDED = "No active streaming query";

    private final ChdbLibrary lib;
    private final MemorySegment handle;
    private final MemorySegment connection;
    private final boolean readOnly;
    /** The database this session was last switched to by {@link #use}, or null when unknown. */
    private String database;
    /**
     * The custom settings ({@link CustomSettings}) an HTTP session's SET gave it, as literals: chDB has no place for
     * them.
     */
    private final Map<String, String> customSettings = new HashMap<>();

    ChdbConnection(ChdbLibrary lib, MemorySegment handle, boolean readOnly) {
        this.lib = lib;
        this.handle = handle;
        this.connection = handle.get(ADDRESS, 0);
        this.readOnly = readOnly;
    }

    /** Whether this session carries readonly=2 for its whole life (ClickHouse never lets that be undone). */
    boolean readOnly() {
        return readOnly;
    }

    /**
     * Makes {@code name} the session's current database. A USE costs a chDB call, and most requests of a
     * pooled session ask for the database its last request had, so an unchanged one is not sent again.
     */
    void use(String name) {
        if (name.equals(database)) {
            return;
        }
        database = null;
        execute("USE " + Sql.quoteIdentifier(name), "TabSeparated");
        database = name;
    }

    /** The database this session was last switched to by the server, unless a client's own USE may have changed it. */
    Optional<String> knownDatabase() {
        return Optional.ofNullable(database);
    }

    /** This session's custom settings, name to literal; only an HTTP session's own SET changes them. */
    Map<String, String> customSettings() {
        return customSettings;
    }

    /** A statement the server did not issue may have switched the database (a client's own USE). */
    void forgetDatabase() {
        database = null;
    }

    /** Ends the chDB session; the engine itself shuts down with its last connection. */
    @Override
    public void close() {
        try {
            lib.closeConnection.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_close_conn failed", t);
        }
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
                    ? (MemorySegment) lib.query.invokeExact(
                            connection, bytes(arena, sql), (long) sql.length, arena.allocateFrom(format), (long)
                                    format.length())
                    : invokeWithParams(lib.queryWithParams, arena, sql, format, parameters);
            try {
                failIfError(result);
                long length = (long) lib.resultLength.invokeExact(result);
                if (length > maxResultBytes) {
                    throw new ClickHouseException(
                            ClickHouseException.TOO_MANY_ROWS_OR_BYTES,
                            "Limit for result exceeded, max bytes: "
                                    + maxResultBytes + ", current bytes: " + length
                                    + " (the server's --max-result-bytes for formats"
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
                    ? (MemorySegment) lib.streamQuery.invokeExact(
                            connection, bytes(arena, sql), (long) sql.length, arena.allocateFrom(format), (long)
                                    format.length())
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
                    if (delivered
                            && errorText(chunk)
                                    .filter(e -> e.contains(STREAM_ALREADY_ENDED))
                                    .isPresent()) {
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
                    consumer.accept(data, total);
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

    private MemorySegment invokeWithParams(
            MethodHandle function, Arena arena, byte[] sql, String format, Map<String, String> parameters)
            throws Throwable {
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
        return (MemorySegment) function.invokeExact(
                connection,
                bytes(arena, sql),
                (long) sql.length,
                bytes(arena, formatBytes),
                (long) formatBytes.length,
                names,
                nameLengths,
                values,
                valueLengths,
                (long) n);
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
        return error.equals(MemorySegment.NULL)
                ? Optional.empty()
                : Optional.of(error.reinterpret(Long.MAX_VALUE).getString(0));
    }

    private byte[] data(MemorySegment result) throws Throwable {
        long length = (long) lib.resultLength.invokeExact(result);
        MemorySegment buffer = (MemorySegment) lib.resultBuffer.invokeExact(result);
        if (length == 0 || buffer.equals(MemorySegment.NULL)) {
            return new byte[0];
        }
        return buffer.reinterpret(length).toArray(JAVA_BYTE);
    }

    /**
     * The result's counters as a server reports them. chDB counts the data of an INSERT (inline or FROM INFILE) as rows
     * and bytes its client half read, the "rows read" of a query's result, where a server counts the blocks it parsed
     * from the request as read; and a server's result of a statement that writes is what it wrote. Only called on
     * successful results: chDB's counters are garbage on error results.
     */
    private Stats stats(MemorySegment result) throws Throwable {
        long storageRows = (long) lib.resultStorageRowsRead.invokeExact(result);
        long storageBytes = (long) lib.resultStorageBytesRead.invokeExact(result);
        long rows = (long) lib.resultRowsRead.invokeExact(result);
        long rowsWritten = (long) lib.resultRowsWritten.invokeExact(result);
        long bytesWritten = (long) lib.resultBytesWritten.invokeExact(result);
        double elapsed = (double) lib.resultElapsed.invokeExact(result);
        if (rowsWritten > 0) {
            long bytes = (long) lib.resultBytesRead.invokeExact(result);
            return new Stats(
                    storageRows + rows,
                    storageBytes + bytes,
                    rowsWritten,
                    bytesWritten,
                    rowsWritten,
                    bytesWritten,
                    elapsed);
        }
        return new Stats(
                storageRows,
                storageBytes,
                rowsWritten,
                bytesWritten,
                rows,
                (long) lib.resultLength.invokeExact(result),
                elapsed);
    }
}
