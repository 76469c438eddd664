package cn.binjiang.union.clickhouse;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Generates broken HTTP requests for {@link HttpFuzzIT}, each of which a server must refuse: random and truncated
 * bodies, broken chunked framing, undecodable compressed bodies of every codec, heads over the size limit, invalid
 * UTF-8, wrong content types, garbage request lines and headers. Every generated statement is invalid SQL, so no
 * request may be answered 200 whatever the server makes of its framing. Seeded: a failure can be replayed.
 */
final class HostileRequests {
    /** One request: its kind (for the tally) and its bytes; the sender ends its output after them. */
    record Hostile(Kind kind, byte[] bytes) {}

    enum Kind {
        RANDOM_BODY,
        TRUNCATED_BODY,
        BROKEN_CHUNKED,
        UNDECODABLE_BODY,
        HUGE_HEAD,
        INVALID_UTF8,
        WRONG_CONTENT_TYPE,
        GARBAGE_REQUEST_LINE,
        BROKEN_HEADERS
    }

    private static final List<String> ENCODINGS = List.of("gzip", "deflate", "zstd", "lz4");
    private static final List<String> CONTENT_TYPES = List.of(
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/json",
            "application/x-www-form-urlencoded",
            "text/html; charset=utf-16",
            "image/png",
            "\u0000/\u0001");
    private static final List<String> BAD_SQL = List.of(
            "SELECT FROM WHERE",
            "SELEC 1",
            "SELECT (((1",
            "INSERT INTO",
            "SELECT 1 +",
            "CREATE TABLE",
            "SELECT * FROM fuzz_missing_table",
            "SELECT unknownFunctionX(1)",
            "SELECT 1 FORMAT NoSuchFormat",
            "WITH x AS");

    /**
     * What the compressed bodies hold: a flipped byte can decode to other text without the codec noticing (zstd
     * and LZ4 frames carry no checksum here), and four flips cannot close eight parentheses.
     */
    private static final byte[] UNCLOSABLE_SQL = "SELECT ((((((((1 + + + +".getBytes(StandardCharsets.US_ASCII);

    private final Random random;
    private final int headLimit;

    HostileRequests(long seed, int headLimit) {
        this.random = new Random(seed);
        this.headLimit = headLimit;
    }

    Hostile next() {
        // heads over the limit are a megabyte each: one in two hundred keeps the run's traffic bounded
        Kind kind = random.nextInt(200) == 0
                ? Kind.HUGE_HEAD
                : pick(List.of(Kind.values()).stream()
                        .filter(k -> k != Kind.HUGE_HEAD)
                        .toList());
        return new Hostile(
                kind,
                switch (kind) {
                    case RANDOM_BODY -> post("/", "", randomBytes(random.nextInt(2_000)));
                    case TRUNCATED_BODY -> truncated();
                    case BROKEN_CHUNKED -> brokenChunked();
                    case UNDECODABLE_BODY -> undecodable();
                    case HUGE_HEAD -> hugeHead();
                    case INVALID_UTF8 -> invalidUtf8();
                    case WRONG_CONTENT_TYPE -> post("/", "Content-Type: " + pick(CONTENT_TYPES) + "\r\n", badSql());
                    case GARBAGE_REQUEST_LINE -> garbageRequestLine();
                    case BROKEN_HEADERS -> brokenHeaders();
                });
    }

    private byte[] truncated() {
        byte[] rows = "INSERT INTO fuzz_t FORMAT TSV\n1\tone\n2\ttwo\n3\tthree\n".getBytes(StandardCharsets.US_ASCII);
        int sent = random.nextInt(rows.length);
        return concat(
                head("POST", "/", "Content-Length: " + (rows.length + 1 + random.nextInt(1_000)) + "\r\n"),
                slice(rows, sent));
    }

    private byte[] brokenChunked() {
        String sql = new String(badSql(), StandardCharsets.US_ASCII);
        String chunks = switch (random.nextInt(6)) {
            case 0 -> "zz\r\n" + sql + "\r\n0\r\n\r\n";
            case 1 -> Integer.toHexString(sql.length()) + "\r\n" + sql + "XX0\r\n\r\n";
            case 2 -> Integer.toHexString(sql.length() + 500) + "\r\n" + sql; // ends inside the chunk
            case 3 -> "-5\r\n" + sql + "\r\n0\r\n\r\n";
            case 4 -> "FFFFFFFFFFFFFFFFFFFF\r\n" + sql + "\r\n0\r\n\r\n";
            default ->
                Integer.toHexString(sql.length()) + ";" + "x".repeat(random.nextInt(100)) + "\r\n"
                        + sql; // no last chunk
        };
        return concat(head("POST", "/", "Transfer-Encoding: chunked\r\n"), chunks.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] undecodable() {
        byte[] sql = UNCLOSABLE_SQL;
        if (random.nextInt(5) == 0) {
            // ClickHouse's own compressed blocks (decompress=1): random, or a valid-looking header with a bad checksum
            byte[] blocks = random.nextBoolean() ? randomBytes(1 + random.nextInt(300)) : corrupt(validBlocks(sql));
            return post("/?decompress=1", "", blocks);
        }
        String encoding = pick(ENCODINGS);
        byte[] encoded = random.nextBoolean() ? randomBytes(random.nextInt(300)) : corrupt(encode(encoding, sql));
        return post("/", "Content-Encoding: " + encoding + "\r\n", encoded);
    }

    private byte[] hugeHead() {
        int size = headLimit + 1 + random.nextInt(4_096);
        if (random.nextBoolean()) {
            return ("GET /?query=SELECT+" + "9".repeat(size) + " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        return ("GET /ping HTTP/1.1\r\nHost: fuzz\r\nX-Fuzz: " + "h".repeat(size) + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] invalidUtf8() {
        byte[] broken = {
            (byte) 0xff,
            (byte) 0xfe,
            (byte) 0xc3,
            (byte) 0x28,
            (byte) 0xe2,
            (byte) 0x82,
            (byte) 0xed,
            (byte) 0xa0,
            (byte) 0x80
        };
        byte[] bytes = slice(broken, 1 + random.nextInt(broken.length));
        if (random.nextBoolean()) {
            StringBuilder url = new StringBuilder("/?query=SELECT+");
            for (byte b : bytes) {
                url.append('%').append(String.format("%02X", b & 0xff));
            }
            // a bare % or a bad escape as well, now and then
            url.append(random.nextBoolean() ? "" : random.nextBoolean() ? "%" : "%ZZ");
            return head("GET", url.toString(), "");
        }
        return post("/", "", concat("SELECT ".getBytes(StandardCharsets.US_ASCII), bytes));
    }

    private byte[] garbageRequestLine() {
        return switch (random.nextInt(5)) {
            case 0 ->
                concat(
                        new byte[] {'X'},
                        randomBytes(1 + random.nextInt(200)),
                        "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            case 1 -> "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            case 2 ->
                ("BREW / HTTP/1.1\r\nHost: fuzz\r\nContent-Length: 3\r\n\r\nabc").getBytes(StandardCharsets.US_ASCII);
            case 3 -> "GET / HTTP/9.9\r\nHost: fuzz\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            default -> "GET\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        };
    }

    private byte[] brokenHeaders() {
        String headers = switch (random.nextInt(6)) {
            case 0 -> "NoColonHere\r\n";
            case 1 -> "X-Bad: a\u0000b\r\n";
            case 2 -> "Content-Length: 5\r\nContent-Length: 7\r\n";
            case 3 -> "Content-Length: -1\r\n";
            case 4 -> "Content-Length: abc\r\n";
            default -> "Transfer-Encoding: gzip, chunked, identity\r\n";
        };
        byte[] body = badSql();
        return concat(
                ("POST / HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n" + headers + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                body);
    }

    private byte[] post(String target, String headers, byte[] body) {
        return concat(head("POST", target, headers + "Content-Length: " + body.length + "\r\n"), body);
    }

    private static byte[] head(String method, String target, String headers) {
        return (method + " " + target + " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] badSql() {
        return pick(BAD_SQL).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] corrupt(byte[] valid) {
        byte[] copy = random.nextBoolean() ? valid.clone() : slice(valid, random.nextInt(valid.length));
        for (int i = 0, flips = 1 + random.nextInt(4); i < flips && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return copy;
    }

    private static byte[] validBlocks(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream blocks = new CompressedBlockOutputStream(out)) {
            blocks.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encode(String encoding, byte[] data) {
        if (encoding.equals("zstd")) {
            return Zstd.compress(data);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encoder = switch (encoding) {
            case "gzip" -> new GZIPOutputStream(out);
            case "deflate" -> new DeflaterOutputStream(out);
            default -> ContentEncoding.encoder(encoding, out);
        }) {
            encoder.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] slice(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
