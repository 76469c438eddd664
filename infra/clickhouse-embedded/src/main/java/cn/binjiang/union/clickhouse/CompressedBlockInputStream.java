package cn.binjiang.union.clickhouse;

import com.clickhouse.data.ClickHouseCityHash;
import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Reads a request body sent with {@code decompress=1}: a sequence of ClickHouse compressed blocks
 * (see {@link CompressedBlockOutputStream}), each verified by its CityHash128 and decoded as NONE, LZ4 or ZSTD.
 */
final class CompressedBlockInputStream extends InputStream {
    private static final int METHOD_NONE = 0x02;
    private static final int METHOD_ZSTD = 0x90;
    private static final int MAX_BLOCK = 1 << 30;
    /** The safe decoder: request bodies come from the network, and it never reads or writes outside its arrays. */
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

    private final InputStream in;
    private byte[] block = new byte[0];
    private int position;

    CompressedBlockInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (!ensureData()) {
            return -1;
        }
        return block[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensureData()) {
            return -1;
        }
        int n = Math.min(len, block.length - position);
        System.arraycopy(block, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean ensureData() throws IOException {
        while (position == block.length) {
            byte[] checksum = in.readNBytes(16);
            if (checksum.length == 0) {
                return false;
            }
            byte[] header = in.readNBytes(CompressedBlockOutputStream.HEADER_SIZE);
            if (checksum.length < 16 || header.length < CompressedBlockOutputStream.HEADER_SIZE) {
                throw corrupt("truncated block header");
            }
            int compressedSize = intLE(header, 1);
            int rawSize = intLE(header, 5);
            if (compressedSize < CompressedBlockOutputStream.HEADER_SIZE
                    || compressedSize > MAX_BLOCK
                    || rawSize < 0
                    || rawSize > MAX_BLOCK) {
                throw corrupt("implausible block sizes " + compressedSize + "/" + rawSize);
            }
            byte[] framed = new byte[compressedSize];
            System.arraycopy(header, 0, framed, 0, header.length);
            if (in.readNBytes(framed, header.length, compressedSize - header.length)
                    != compressedSize - header.length) {
                throw corrupt("truncated block");
            }
            long[] hash = ClickHouseCityHash.cityHash128(framed, 0, framed.length);
            if (hash[0] != longLE(checksum, 0) || hash[1] != longLE(checksum, 8)) {
                throw new ClickHouseException(
                        ClickHouseException.CHECKSUM_DOESNT_MATCH,
                        "Checksum doesn't match: corrupted data. (CHECKSUM_DOESNT_MATCH)");
            }
            block = switch (framed[0] & 0xff) {
                case METHOD_NONE -> Arrays.copyOfRange(framed, CompressedBlockOutputStream.HEADER_SIZE, framed.length);
                case CompressedBlockOutputStream.METHOD_LZ4 -> lz4(framed, rawSize);
                case METHOD_ZSTD -> zstd(framed, rawSize);
                default ->
                    throw new ClickHouseException(
                            ClickHouseException.UNKNOWN_COMPRESSION_METHOD,
                            String.format(
                                    "Unsupported compression method 0x%02x: this server reads NONE, LZ4 and ZSTD blocks. (UNKNOWN_COMPRESSION_METHOD)",
                                    framed[0] & 0xff));
            };
            position = 0;
        }
        return true;
    }

    private static byte[] lz4(byte[] framed, int rawSize) {
        byte[] raw = new byte[rawSize];
        int n;
        try {
            n = LZ4.decompress(
                    framed,
                    CompressedBlockOutputStream.HEADER_SIZE,
                    framed.length - CompressedBlockOutputStream.HEADER_SIZE,
                    raw,
                    0,
                    rawSize);
        } catch (LZ4Exception e) {
            throw corrupt("malformed LZ4 block (" + e.getMessage() + ")");
        }
        if (n != rawSize) {
            throw corrupt("LZ4 block decoded to " + n + " bytes, header says " + rawSize);
        }
        return raw;
    }

    private static byte[] zstd(byte[] framed, int rawSize) {
        byte[] raw = new byte[rawSize];
        long n = Zstd.decompressByteArray(
                raw,
                0,
                rawSize,
                framed,
                CompressedBlockOutputStream.HEADER_SIZE,
                framed.length - CompressedBlockOutputStream.HEADER_SIZE);
        if (Zstd.isError(n) || n != rawSize) {
            throw corrupt("ZSTD block decoded to " + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes")
                    + ", header says " + rawSize);
        }
        return raw;
    }

    private static ClickHouseException corrupt(String what) {
        return new ClickHouseException(
                ClickHouseException.CANNOT_DECOMPRESS,
                "Cannot decompress request body: " + what + ". (CANNOT_DECOMPRESS)");
    }

    private static int intLE(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    private static long longLE(byte[] b, int p) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[p + i] & 0xff);
        }
        return v;
    }
}
