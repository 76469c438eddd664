package cn.binjiang.union.clickhouse;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How fast chDB itself takes RowBinary inserts, in this process, with no HTTP: the yardstick for the
 * embedded server's insert path ({@code ./platform bench} sends the same batches to the server over
 * HTTP and compares). It creates the table in a fresh data directory, inserts one batch file
 * {@code batches} times with {@code INSERT ... FROM INFILE ... FORMAT RowBinary} (the statement the
 * server runs for a body INSERT, one after the other), and prints {@code rows_per_second <n>}.
 *
 * <p>Usage: {@code EngineInsertRate DATA_DIR CREATE_TABLE_SQL INSERT_HEAD BATCH_FILE ROWS_PER_BATCH BATCHES}, where
 * INSERT_HEAD is {@code INSERT INTO t (columns)}.
 */
public final class EngineInsertRate {
    private EngineInsertRate() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: EngineInsertRate DATA_DIR CREATE_TABLE_SQL INSERT_HEAD BATCH_FILE ROWS_PER_BATCH BATCHES");
            System.exit(2);
        }
        Path dataDir = Files.createDirectories(Path.of(args[0]));
        String insert = args[2] + " FROM INFILE '"
                + Path.of(args[3]).toAbsolutePath().toString().replace("'", "\\'") + "' FORMAT RowBinary";
        long rowsPerBatch = Long.parseLong(args[4]);
        int batches = Integer.parseInt(args[5]);
        int status = 0;
        try (ChdbConnection connection =
                ChdbEngine.open(ChdbLibrary.load(ChdbLibrary.locate()), dataDir).connect(false)) {
            connection.execute(args[1], "TabSeparated");
            long started = System.nanoTime();
            for (int i = 0; i < batches; i++) connection.execute(insert, "TabSeparated");
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("rows_per_second %.0f%n", rowsPerBatch * batches / seconds);
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        EmbeddedClickHouseServer.immediateExit(status);
    }
}
