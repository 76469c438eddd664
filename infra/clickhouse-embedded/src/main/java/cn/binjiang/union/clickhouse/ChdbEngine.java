package cn.binjiang.union.clickhouse;

import static java.lang.foreign.ValueLayout.ADDRESS;

import cn.binjiang.union.settings.ConfigurationException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chDB engine of this process: libchdb.so booted once on the data directory. Every {@link #connect} opens
 * another ClickHouse session on it; chDB runs statements of different sessions concurrently.
 */
final class ChdbEngine {
    /**
     * Settings where chDB's default differs from what a ClickHouse server's clients expect. async_insert is 1
     * in chDB, as in a ClickHouse server since 26.3; 0 keeps inserts synchronous, as the platform's writers were
     * built and measured (the KPI job's sink asks for it itself), and as the JDBC driver asked before 0.10.
     * sleep() honours max_execution_time and KILL in this engine, so its 3 s cap per block would only turn a
     * timeout into TOO_SLOW (160) before the limit can act; 0 lets the query's own limits decide.
     * Per-request settings are restored to these values, not to chDB's DEFAULT.
     */
    static final Map<String, String> SERVER_DEFAULTS =
            Map.of("async_insert", "0", "function_sleep_max_microseconds_per_block", "0");

    private final ChdbLibrary lib;
    private final Path dataDir;

    private ChdbEngine(ChdbLibrary lib, Path dataDir) {
        this.lib = lib;
        this.dataDir = dataDir;
    }

    static ChdbEngine open(ChdbLibrary lib, Path dataDir) {
        return new ChdbEngine(lib, dataDir);
    }

    /**
     * A new session with the server defaults; a read-only one also carries readonly=2 for its whole life, so
     * chDB itself refuses writes and DDL on it while per-request settings can still be applied and reset.
     */
    ChdbConnection connect(boolean readOnly) {
        ChdbConnection connection = new ChdbConnection(lib, open(), readOnly);
        try {
            Map<String, String> settings = new LinkedHashMap<>(SERVER_DEFAULTS);
            if (readOnly) {
                settings.put("readonly", "2");
            }
            connection.execute("SET " + SettingsScope.assignments(settings), "TabSeparated");
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private MemorySegment open() {
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
}
