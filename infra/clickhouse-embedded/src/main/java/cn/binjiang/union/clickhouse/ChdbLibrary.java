package cn.binjiang.union.clickhouse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import cn.binjiang.union.settings.ConfigurationException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downcall handles for the subset of chDB's C API (chdb.h, v26) this server uses.
 * Loaded once per process: libchdb.so is an entire ClickHouse and can only boot one engine.
 */
final class ChdbLibrary {
    /** System property, then environment variable, that names libchdb.so. */
    static final String LOCATION_KEY = "CHDB_LIB";

    final MethodHandle connect;
    final MethodHandle closeConnection;
    final MethodHandle query;
    final MethodHandle queryWithParams;
    final MethodHandle streamQuery;
    final MethodHandle streamQueryWithParams;
    final MethodHandle streamFetch;
    final MethodHandle streamCancel;
    final MethodHandle destroyResult;
    final MethodHandle resultBuffer;
    final MethodHandle resultLength;
    final MethodHandle resultError;
    final MethodHandle resultElapsed;
    final MethodHandle resultRowsRead;
    final MethodHandle resultBytesRead;
    final MethodHandle resultStorageRowsRead;
    final MethodHandle resultStorageBytesRead;
    final MethodHandle resultRowsWritten;
    final MethodHandle resultBytesWritten;

    private ChdbLibrary(SymbolLookup lib) {
        connect = bind(lib, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConnection = bind(lib, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        FunctionDescriptor queryShape = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
        query = bind(lib, "chdb_query_n", queryShape);
        streamQuery = bind(lib, "chdb_stream_query_n", queryShape);
        FunctionDescriptor withParamsShape = FunctionDescriptor.of(
                ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_LONG);
        queryWithParams = bind(lib, "chdb_query_with_params_n", withParamsShape);
        streamQueryWithParams = bind(lib, "chdb_stream_query_with_params_n", withParamsShape);
        streamFetch = bind(lib, "chdb_stream_fetch_result", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        streamCancel = bind(lib, "chdb_stream_cancel_query", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        destroyResult = bind(lib, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
        resultBuffer = bind(lib, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = bind(lib, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = bind(lib, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultElapsed = bind(lib, "chdb_result_elapsed", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        resultRowsRead = bind(lib, "chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesRead = bind(lib, "chdb_result_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultStorageRowsRead = bind(lib, "chdb_result_storage_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultStorageBytesRead = bind(lib, "chdb_result_storage_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultRowsWritten = bind(lib, "chdb_result_rows_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesWritten = bind(lib, "chdb_result_bytes_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    }

    /** Resolves the library from {@code -DCHDB_LIB} or {@code $CHDB_LIB}; fails naming the key when absent. */
    static Path locate() {
        String value = System.getProperty(LOCATION_KEY);
        if (value == null || value.isBlank()) {
            value = System.getenv(LOCATION_KEY);
        }
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(
                    LOCATION_KEY + " is not set: point it (system property or environment variable)"
                            + " at libchdb.so, e.g. the path printed by infra/bin/install-chdb");
        }
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            throw new ConfigurationException(LOCATION_KEY + "=" + value + " does not name a readable file");
        }
        return path;
    }

    static ChdbLibrary load(Path path) {
        // The global arena keeps the library mapped until exit: unloading a running ClickHouse is never safe.
        return new ChdbLibrary(SymbolLookup.libraryLookup(path, Arena.global()));
    }

    private static MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lib.find(name)
                .orElseThrow(() ->
                        new ConfigurationException("libchdb.so lacks " + name + ": a chDB v26 library is required"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }
}
