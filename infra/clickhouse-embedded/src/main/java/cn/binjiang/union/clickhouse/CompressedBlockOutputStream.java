package cn.binjiang.union.clickhouse;

import com.clickhouse.data.ClickHouseCityHash;
import java.io.IOException;
import java.io.OutputStream;

/**
 * ClickHouse's compressed-block framing, which clients request with {@code compress=1}:
 * {@code [CityHash128 of the rest][0x82][u32 size incl. 9-byte header][u32 raw size][LZ4 block]}.
 * The LZ4 block holds literals only: valid LZ4 that any decoder reads, with no compressor to maintain;
 * responses go over loopback, where the bytes saved would not pay for the CPU.
 */
final class CompressedBlockOutputStream extends OutputStream {
    static final int METHOD_LZ4 = 0x82;
    static final int HEADER_SIZE = 9;
    private static final int BLOCK_SIZE = 1 << 20;

    private final OutputStream out;
    private final byte[] pending = new byte[BLOCK_SIZE];
    private int used;

    CompressedBlockOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (used == pending.length) {
            writeBlock();
        }
        pending[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == pending.length) {
                writeBlock();
            }
            int n = Math.min(len, pending.length - used);
            System.arraycopy(b, off, pending, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    /** Emits the buffered bytes as a block: a block boundary is harmless to the reader. */
    @Override
    public void flush() throws IOException {
        if (used > 0) {
            writeBlock();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try (out) {
            flush();
        }
    }

    /** Frames {@code data} in one go; for small bodies such as error-free short results. */
    static byte[] frame(byte[] data, int off, int len) {
        int literalHeader = len >= 15 ? 1 + (len - 15) / 255 + 1 : 1;
        int compressedSize = HEADER_SIZE + literalHeader + len;
        byte[] block = new byte[16 + compressedSize];
        int p = 16;
        block[p++] = (byte) METHOD_LZ4;
        p = putIntLE(block, p, compressedSize);
        p = putIntLE(block, p, len);
        // LZ4 sequence with no match: token high nibble = literal length (15 = "more bytes follow").
        block[p++] = (byte) (Math.min(len, 15) << 4);
        if (len >= 15) {
            int rest = len - 15;
            while (rest >= 255) {
                block[p++] = (byte) 255;
                rest -= 255;
            }
            block[p++] = (byte) rest;
        }
        System.arraycopy(data, off, block, p, len);
        long[] hash = ClickHouseCityHash.cityHash128(block, 16, compressedSize);
        putLongLE(block, 0, hash[0]);
        putLongLE(block, 8, hash[1]);
        return block;
    }

    private void writeBlock() throws IOException {
        out.write(frame(pending, 0, used));
        used = 0;
    }

    private static int putIntLE(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
        return p + 4;
    }

    private static void putLongLE(byte[] b, int p, long v) {
        for (int i = 0; i < 8; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
    }
}
