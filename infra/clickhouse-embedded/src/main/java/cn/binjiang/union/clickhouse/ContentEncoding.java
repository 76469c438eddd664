package cn.binjiang.union.clickhouse;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;

/**
 * HTTP {@code Content-Encoding}s as ClickHouse names them: gzip, deflate (zlib), zstd and lz4 (the LZ4 frame
 * format), for responses to {@code enable_http_compression=1} requests and for request bodies.
 */
final class ContentEncoding {
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
            case "gzip" -> new GZIPOutputStream(out, 64 << 10, true);
            case "deflate" -> new DeflaterOutputStream(out, true);
            case "zstd" -> new ZstdOutputStream(out);
            case "lz4" -> new FramedLZ4CompressorOutputStream(out);
            default -> throw new IllegalArgumentException("not negotiated: " + encoding);
        };
    }

    /** A request body decoder for a {@code Content-Encoding} header; unknown encodings are refused. */
    static InputStream decoder(String contentEncoding, InputStream in) throws IOException {
        return switch (contentEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new GZIPInputStream(in);
            case "deflate" -> new InflaterInputStream(in);
            case "zstd" -> new ZstdInputStream(in);
            case "lz4" -> new FramedLZ4CompressorInputStream(in, true);
            case "identity", "" -> in;
            default -> throw new ClickHouseException(ClickHouseException.UNKNOWN_COMPRESSION_METHOD, "Content-Encoding "
                    + contentEncoding + " is not supported (gzip, deflate, zstd, lz4). (UNKNOWN_COMPRESSION_METHOD)");
        };
    }

    private static boolean isSupported(String name) {
        return switch (name) {
            case "gzip", "x-gzip", "deflate", "zstd", "lz4" -> true;
            default -> false;
        };
    }
}
