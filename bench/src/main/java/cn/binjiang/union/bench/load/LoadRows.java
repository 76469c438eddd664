package cn.binjiang.union.bench.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The store load test's rows. Each id says which client sent it in which of its inserts (decimal, so that
 * it reads in SQL too: client 17's row 517 of its insert 42 is 17_000000042_517), so what the table holds
 * can be checked insert by insert against what each client was told was stored. The other columns give
 * the aggregations something to sum and the point queries something to check.
 */
public final class LoadRows {
    public static final int BATCH_ROWS = 1_000;
    /** Ids of one client lie within one span: its insert number times {@link #BATCH_ROWS} plus the row. */
    static final long CLIENT_SPAN = 1_000_000_000_000L;

    public static final int MAX_CLIENTS = 65_536;
    static final int MAX_BATCHES = (int) (CLIENT_SPAN / BATCH_ROWS);
    static final int CATEGORIES = 16;

    static final String TABLE = "load_rows";
    static final String COLUMNS = "id UInt64, client UInt16, category UInt8, amount UInt32, at DateTime";
    /** The same split of an id as {@link #clientOf} and {@link #batchOf}, for the verification's GROUP BY. */
    static final String CLIENT_SQL = "intDiv(id, " + CLIENT_SPAN + ")";

    static final String BATCH_SQL = "intDiv(id % " + CLIENT_SPAN + ", " + BATCH_ROWS + ")";

    /** id, client, category, amount, at: as RowBinary writes them. */
    static final int ROW_BYTES = Long.BYTES + Short.BYTES + Byte.BYTES + Integer.BYTES + Integer.BYTES;

    private LoadRows() {}

    static long id(int client, int batch, int row) {
        if (client < 0 || client >= MAX_CLIENTS)
            throw new IllegalArgumentException("client " + client + " outside 0.." + (MAX_CLIENTS - 1));
        if (batch < 0 || batch >= MAX_BATCHES)
            throw new IllegalArgumentException("insert " + batch + " outside 0.." + (MAX_BATCHES - 1));
        if (row < 0 || row >= BATCH_ROWS)
            throw new IllegalArgumentException("row " + row + " outside 0.." + (BATCH_ROWS - 1));
        return client * CLIENT_SPAN + (long) batch * BATCH_ROWS + row;
    }

    static int clientOf(long id) {
        return (int) (id / CLIENT_SPAN);
    }

    static int batchOf(long id) {
        return (int) (id % CLIENT_SPAN / BATCH_ROWS);
    }

    static int rowOf(long id) {
        return (int) (id % BATCH_ROWS);
    }

    static int categoryOf(long id) {
        return rowOf(id) % CATEGORIES;
    }

    /** Never 0, so a point query that answers a default value is told from a stored row. */
    static long amountOf(long id) {
        return rowOf(id) + 1;
    }

    /** One insert's body: its {@link #BATCH_ROWS} rows in RowBinary, the table's column order. */
    static byte[] batch(int client, int batch, long epochSeconds) {
        ByteBuffer out = ByteBuffer.allocate(BATCH_ROWS * ROW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < BATCH_ROWS; row++) {
            long id = id(client, batch, row);
            out.putLong(id)
                    .putShort((short) client)
                    .put((byte) categoryOf(id))
                    .putInt((int) amountOf(id))
                    .putInt((int) epochSeconds);
        }
        return out.array();
    }
}
