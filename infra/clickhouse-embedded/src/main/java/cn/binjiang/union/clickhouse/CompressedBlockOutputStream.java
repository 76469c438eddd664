package cn.binjiang.union.clickhouse;

import com.clickhouse.data.ClickHouseCityHash;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * ClickHouse's compressed-block framing, which clients request with {@code compress=1}:
 * {@code [CityHash128 of the rest][0x82][u32 size incl. 9-byte header][u32 raw size][LZ4 block]}.
 * Always LZ4, even where a block does not shrink: the official Java clients accept no other method (0x82) in
 * a response. Blocks are 1 MiB, ClickHouse's {@code max_compress_block_size}.
 */
final class CompressedBlockOutputStream extends OutputStream {
    static final int METHOD_LZ4 = 0x82;
    static final int HEADER_SIZE = 9;
    private static final int BLOCK_SIZE = 1 << 20;
    private static final int CHECKSUM_SIZE = 16;
    /** LZ4's fast mode, as ClickHouse's default LZ4 codec: the JNI build where it loads, else the Java port. */
    private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

    private final OutputStream out;
    private final byte[] pending = new byte[BLOCK_SIZE];
    private int used;
    /** Reused for every block: the compressed output of a 1 MiB block is as large again. */
    private byte[] framed = new byte[0];

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
        byte[] block = new byte[maxFramedSize(len)];
        return Arrays.copyOf(block, frameInto(block, data, off, len));
    }

    private void writeBlock() throws IOException {
        if (framed.length < maxFramedSize(used)) {
            framed = new byte[maxFramedSize(BLOCK_SIZE)];
        }
        out.write(framed, 0, frameInto(framed, pending, 0, used));
        used = 0;
    }

    private static int maxFramedSize(int len) {
        return CHECKSUM_SIZE + HEADER_SIZE + LZ4.maxCompressedLength(len);
    }

    /** Writes the framed block into {@code block} (at least {@link #maxFramedSize} long) and returns its length. */
    private static int frameInto(byte[] block, byte[] data, int off, int len) {
        int payload = LZ4.compress(data, off, len, block, CHECKSUM_SIZE + HEADER_SIZE);
        int compressedSize = HEADER_SIZE + payload;
        block[CHECKSUM_SIZE] = (byte) METHOD_LZ4;
        putIntLE(block, CHECKSUM_SIZE + 1, compressedSize);
        putIntLE(block, CHECKSUM_SIZE + 5, len);
        long[] hash = ClickHouseCityHash.cityHash128(block, CHECKSUM_SIZE, compressedSize);
        putLongLE(block, 0, hash[0]);
        putLongLE(block, 8, hash[1]);
        return CHECKSUM_SIZE + compressedSize;
    }

    private static void putIntLE(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void putLongLE(byte[] b, int p, long v) {
        for (int i = 0; i < 8; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
    }
}
