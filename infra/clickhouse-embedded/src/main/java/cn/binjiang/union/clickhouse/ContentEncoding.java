package cn.binjiang.union.clickhouse;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.FilterInputStream;
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
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

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
    /** Output buffer of the zlib encoders: with the JDK's 512 bytes the response stream gets a call per half kilobyte. */
    private static final int ZLIB_BUFFER = 64 << 10;
    /**
     * ClickHouse's own lz4 frames have 256 KiB blocks too (linked there; independent here, which every frame reader
     * reads); larger ones would only hold a streamed answer back longer.
     */
    private static final LZ4FrameOutputStream.BLOCKSIZE LZ4_FRAME_BLOCK = LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB;
    // The factories look up (and may load) the native library: once per process, not per request.
    private static final LZ4Compressor LZ4_COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
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
            case "gzip" -> new GZIPOutputStream(out, ZLIB_BUFFER, true) {
                {
                    def.setLevel(ZLIB_LEVEL);
                }
            };
            case "deflate" -> new DeflaterOutputStream(out, new Deflater(ZLIB_LEVEL), ZLIB_BUFFER, true) {
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
            case "lz4" -> new LZ4FrameOutputStream(out, LZ4_FRAME_BLOCK, -1L, LZ4_COMPRESSOR, XXHASH32,
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            default -> throw new IllegalArgumentException("not negotiated: " + encoding);
        };
    }

    /**
     * A request body decoder for a {@code Content-Encoding} header; unknown encodings are refused. A body that does
     * not decode is the client's error, 271 CANNOT_DECOMPRESS, rather than a dropped connection; a connection that
     * fails still surfaces as the IOException it is.
     */
    static InputStream decoder(String contentEncoding, InputStream in) throws IOException {
        String name = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (name.equals("identity") || name.isEmpty()) {
            return in;
        }
        if (!isSupported(name)) {
            throw new ClickHouseException(ClickHouseException.UNKNOWN_COMPRESSION_METHOD, "Content-Encoding "
                    + contentEncoding + " is not supported (gzip, deflate, zstd, lz4). (UNKNOWN_COMPRESSION_METHOD)");
        }
        Source source = new Source(in);
        try {
            return new Decoded(source, name, switch (name) {
                case "gzip", "x-gzip" -> new GZIPInputStream(source, ZLIB_BUFFER);
                case "deflate" -> new InflaterInputStream(source);
                case "zstd" -> new ZstdInputStream(source);
                case "lz4" -> new LZ4FrameInputStream(source, LZ4_DECOMPRESSOR, XXHASH32);
                default -> throw new IllegalStateException(name);
            });
        } catch (IOException e) {
            if (source.failed) {
                throw e;
            }
            throw Decoded.corrupt(name, e);
        }
    }

    private static boolean isSupported(String name) {
        return switch (name) {
            case "gzip", "x-gzip", "deflate", "zstd", "lz4" -> true;
            default -> false;
        };
    }

    /** The raw body, remembering whether the connection (rather than the decoder) failed. */
    private static final class Source extends FilterInputStream {
        boolean failed;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    private static final class Decoded extends FilterInputStream {
        private final Source source;
        private final String encoding;

        Decoded(Source source, String encoding, InputStream decoder) {
            super(decoder);
            this.source = source;
            this.encoding = encoding;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                throw rethrown(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw rethrown(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException | RuntimeException e) {
                throw rethrown(e);
            }
        }

        /** Throws {@code e} as it is if the connection failed, as 271 CANNOT_DECOMPRESS if the data did. */
        private IOException rethrown(Exception e) throws IOException {
            if (!source.failed) {
                throw corrupt(encoding, e);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }

        static ClickHouseException corrupt(String encoding, Exception e) {
            String hint = encoding.equals("lz4") && String.valueOf(e.getCause()).contains("Dependent block")
                    ? " (LZ4 frames with linked blocks are not supported: compress with independent blocks,"
                            + " e.g. the lz4 tool's default or lz4.frame's block_linked=False)"
                    : "";
            return new ClickHouseException(ClickHouseException.CANNOT_DECOMPRESS, "Cannot decompress " + encoding
                    + " request body: " + e.getMessage() + hint + ". (CANNOT_DECOMPRESS)");
        }
    }
}
