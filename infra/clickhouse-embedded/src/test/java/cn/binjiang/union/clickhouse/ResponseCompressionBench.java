package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast each response codec answers a large result over HTTP, against the same server: no compression, the
 * {@code Content-Encoding}s of {@code enable_http_compression=1}, and the {@code compress=1} blocks. Not part of
 * the build's tests (its name matches neither Surefire's nor Failsafe's patterns); run it on purpose:
 * <pre>
 * export CHDB_LIB=$(infra/bin/install-chdb)
 * mvn -B -ntp -pl infra/clickhouse-embedded -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ResponseCompressionBench -Dfailsafe.failIfNoSpecifiedTests=false \
 *     [-Dbench.rows=1000000 -Dbench.runs=11 -Dbench.formats=RowBinary,TSV -Dbench.codecs=none,gzip,deflate,zstd,lz4,compress=1]
 * </pre>
 * The table goes to {@code infra/clickhouse-embedded/target/response-compression.txt} (and the test's output file).
 * Runs of the codecs are interleaved, in a new random order each round, so a machine that gets busier for a while
 * slows them all alike and no codec always runs after the same one (in a fixed order deflate, always right after
 * gzip, came out up to 60% slower than gzip, and as fast when the two alternated alone); every codec's answer is
 * decoded
 * once and compared with the plain one. Times are from sending the request to the last byte received, not decoded:
 * what the server's encoding and the wire cost; MB/s is of the uncompressed answer.
 */
@Timeout(1800)
class ResponseCompressionBench {
    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 11);
    private static final int WARMUP_RUNS = 2;
    private static final List<String> FORMATS =
            List.of(System.getProperty("bench.formats", "RowBinary,TSV").split(","));

    /** A way of asking for the answer: URL parameters, an Accept-Encoding, and how a client decodes it. */
    private record Codec(String name, String parameters, String acceptEncoding, Decoder decoder) {}

    private interface Decoder {
        InputStream decode(InputStream in) throws IOException;
    }

    private static final List<Codec> ALL_CODECS = List.of(
            new Codec("none", "", null, in -> in),
            new Codec("gzip", "enable_http_compression=1", "gzip", GZIPInputStream::new),
            new Codec("deflate", "enable_http_compression=1", "deflate", InflaterInputStream::new),
            new Codec("zstd", "enable_http_compression=1", "zstd", ZstdInputStream::new),
            new Codec("lz4", "enable_http_compression=1", "lz4", LZ4FrameInputStream::new),
            new Codec("compress=1", "compress=1", null, CompressedBlockInputStream::new));
    /** {@code -Dbench.codecs=gzip,deflate} compares a few; the first one's answer is the reference for the others. */
    private static final List<Codec> CODECS = ALL_CODECS.stream()
            .filter(c -> List.of(System.getProperty("bench.codecs", "none,gzip,deflate,zstd,lz4,compress=1")
                            .split(","))
                    .contains(c.name()))
            .toList();

    @TempDir
    Path dir;

    @Test
    void everyCodecAnswersALargeResult() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        StringBuilder table = new StringBuilder();
        try (EmbeddedClickHouseProcess server =
                EmbeddedClickHouseProcess.builder(dir.resolve("data")).start()) {
            table.append(String.format(
                    "%,d rows, median of %d runs after %d warm-up runs; %d cores, load average %s at the start; %s;"
                            + " server heap 512m%n",
                    ROWS,
                    RUNS,
                    WARMUP_RUNS,
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage(),
                    Runtime.version()));
            for (String format : FORMATS) {
                String sql = "SELECT number, toString(number) FROM numbers(" + ROWS + ") FORMAT " + format;
                Map<Codec, List<Double>> seconds = new LinkedHashMap<>();
                Map<Codec, Long> wireBytes = new LinkedHashMap<>();
                Map<Codec, byte[]> oneAnswer = new LinkedHashMap<>();
                Random shuffle = new Random(42);
                for (int run = 0; run < WARMUP_RUNS + RUNS; run++) {
                    List<Codec> round = new ArrayList<>(CODECS);
                    Collections.shuffle(round, shuffle);
                    for (Codec codec : round) {
                        long t0 = System.nanoTime();
                        byte[] body = fetch(http, server, codec, sql);
                        double s = (System.nanoTime() - t0) / 1e9;
                        wireBytes.put(codec, (long) body.length);
                        oneAnswer.put(codec, body);
                        if (run >= WARMUP_RUNS) {
                            seconds.computeIfAbsent(codec, c -> new ArrayList<>())
                                    .add(s);
                        }
                    }
                }
                byte[] plain = decoded(CODECS.getFirst(), oneAnswer.get(CODECS.getFirst()));
                for (Codec codec : CODECS) {
                    assertThat(decoded(codec, oneAnswer.get(codec)))
                            .as(codec.name() + " decoded")
                            .isEqualTo(plain);
                }
                table.append(String.format(
                        "%n%s (%,d bytes uncompressed)%n%-11s %12s %7s %9s %9s%n",
                        sql, plain.length, "codec", "wire bytes", "ratio", "median s", "MB/s"));
                for (Codec codec : CODECS) {
                    double median = median(seconds.get(codec));
                    table.append(String.format(
                            "%-11s %,12d %7.2f %9.3f %9.1f%n",
                            codec.name(),
                            wireBytes.get(codec),
                            (double) plain.length / wireBytes.get(codec),
                            median,
                            plain.length / 1e6 / median));
                }
            }
        }
        table.append(String.format("%nload average %s at the end%n", loadAverage()));
        System.out.print(table);
        Path report = Path.of("target", "response-compression.txt");
        Files.writeString(report, table);
    }

    /** The whole body as it came over the wire, still encoded. */
    private static byte[] fetch(HttpClient http, EmbeddedClickHouseProcess server, Codec codec, String sql)
            throws Exception {
        String query = "query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)
                + (codec.parameters().isEmpty() ? "" : "&" + codec.parameters());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/?" + query))
                .GET();
        if (codec.acceptEncoding() != null) {
            request.header("Accept-Encoding", codec.acceptEncoding());
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 20);
        try (InputStream in = response.body()) {
            in.transferTo(body);
        }
        assertThat(response.statusCode())
                .as(codec.name() + ": " + body.toString(StandardCharsets.UTF_8))
                .isEqualTo(200);
        if (codec.acceptEncoding() != null) {
            assertThat(response.headers().firstValue("Content-Encoding"))
                    .as(codec.name())
                    .contains(codec.acceptEncoding());
        }
        return body.toByteArray();
    }

    private static byte[] decoded(Codec codec, byte[] wire) throws IOException {
        try (InputStream in = codec.decoder().decode(new ByteArrayInputStream(wire))) {
            return in.readAllBytes();
        }
    }

    /** Other work on the machine, which the figures include: the 1-minute load average. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
