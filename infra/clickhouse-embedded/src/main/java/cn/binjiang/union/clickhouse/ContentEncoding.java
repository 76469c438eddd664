package cn.binjiang.union.clickhouse;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * HTTP {@code Content-Encoding}s as ClickHouse names them: gzip, deflate (zlib), zstd and lz4 (the LZ4 frame
 * format), for responses to {@code enable_http_compression=1} requests and for request bodies.
 */
final class ContentEncoding {
    /**
     * ClickHouse's default {@code http_zlib_compression_level}. zlib's own default, 6, took two to three times as long
     * on ResponseCompressionBench's answers for at most 1% fewer bytes, on the thread that streams the response.
     */
    static final int ZLIB_LEVEL = 3;
    /** ClickHouse hands {@code http_zlib_compression_level} (3) to zstd too; it is also zstd's own default. */
    static final int ZSTD_LEVEL = 3;
    /**
     * Output buffer of the zlib encoders: with the JDK's 512 bytes the response stream gets a call per half kilobyte.
     */
    private static final int ZLIB_BUFFER = 64 << 10;
    /**
     * ClickHouse's own lz4 frames have 256 KiB blocks too (linked there; independent here, which every frame reader
     * reads); larger ones would only hold a streamed answer back longer.
     */
    private static final LZ4FrameOutputStream.BLOCKSIZE LZ4_FRAME_BLOCK = LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB;
    // The factories look up (and may load) the native library: once per process, not per request.
    private static final LZ4Compressor LZ4_COMPRESSOR =
            LZ4Factory.fastestInstance().fastCompressor();
    private static final XXHash32 XXHASH32 = XXHashFactory.fastestInstance().hash32();

    private ContentEncoding() {}

    /** The first encoding of an {@code Accept-Encoding} header this server can produce, in the client's order. */
    static Optional<String> negotiate(String acceptEncoding) {
        if (acceptEncoding == null) {
            return Optional.empty();
        }
        for (String part : acceptEncoding.split(",")) {
            String name = part.split(";")[0].strip().toLowerCase(Locale.ROOT);
            boolean refused = part.replace(" ", "").toLowerCase(Locale.ROOT).endsWith(";q=0");
            if (!refused && isSupported(name)) {
                return Optional.of(name.equals("x-gzip") ? "gzip" : name);
            }
        }
        return Optional.empty();
    }

    static OutputStream encoder(String encoding, OutputStream out) throws IOException {
        return switch (encoding) {
            case "gzip" ->
                new GZIPOutputStream(out, ZLIB_BUFFER, true) {
                    {
                        def.setLevel(ZLIB_LEVEL);
                    }
                };
            case "deflate" ->
                new DeflaterOutputStream(out, new Deflater(ZLIB_LEVEL), ZLIB_BUFFER, true) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            def.end(); // a Deflater we passed in is not ended by the stream: free its native memory now
                        }
                    }
                };
            case "zstd" -> new ZstdOutputStream(out, ZSTD_LEVEL);
            // Independent blocks: what LZ4FrameInputStream (and so lz4-java based clients) can read back.
            case "lz4" ->
                new LZ4FrameOutputStream(
                        out,
                        LZ4_FRAME_BLOCK,
                        -1L,
                        LZ4_COMPRESSOR,
                        XXHASH32,
                        LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            default -> throw new IllegalArgumentException("not negotiated: " + encoding);
        };
    }

    /**
     * A request body decoder for a {@code Content-Encoding} header; unknown encodings are refused. A decoder's
     * IOException is data that does not decode: RequestBody names it 271 CANNOT_DECOMPRESS.
     */
    static InputStream decoder(String contentEncoding, InputStream in) throws IOException {
        return switch (contentEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new GZIPInputStream(in, ZLIB_BUFFER);
            case "deflate" -> new InflaterInputStream(in);
            case "zstd" -> new ZstdInputStream(in);
            // commons-compress reads frames of linked blocks (LZ4F's default in C, ClickHouse's own writer, python's
            // lz4.frame), which lz4-java's reader refuses; reading is fast in both, writing was not (see encoder).
            case "lz4" -> new FramedLZ4CompressorInputStream(in, true);
            case "identity", "" -> in;
            default ->
                throw new ClickHouseException(
                        ClickHouseException.UNKNOWN_COMPRESSION_METHOD,
                        "Content-Encoding " + contentEncoding
                                + " is not supported (gzip, deflate, zstd, lz4). (UNKNOWN_COMPRESSION_METHOD)");
        };
    }

    private static boolean isSupported(String name) {
        return switch (name) {
            case "gzip", "x-gzip", "deflate", "zstd", "lz4" -> true;
            default -> false;
        };
    }
}
