package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentEncodingTest {
    /**
     * 40 lines "{i % 7}\tclickhouse\n" as the reference lz4 tool (1.9.4, defaults) frames them: with matches, content
     * checksum.
     */
    static final byte[] REFERENCE_TEXT = referenceText();

    static final byte[] REFERENCE_LZ4_FRAME = HexFormat.of()
            .parseHex("04224d186440a730000000e83009636c69636b686f7573650a310d0018320d00"
                    + "18330d0018340d0018350d0018360d000f5b00ff96506f7573650a00000000304a3a8e");

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "zstd", "lz4"})
    void randomDataRoundTrips(String encoding) throws IOException {
        byte[] data = new byte[3 * (1 << 20) + 4321];
        new Random(11).nextBytes(data);
        assertThat(decode(encoding, encode(encoding, data))).isEqualTo(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "zstd", "lz4"})
    void repetitiveDataRoundTripsAndShrinks(String encoding) throws IOException {
        byte[] rows = lowCardinalityRows(200_000);
        byte[] encoded = encode(encoding, rows);
        assertThat(decode(encoding, encoded)).isEqualTo(rows);
        assertThat(encoded.length).as(encoding + " of %,d bytes", rows.length).isLessThan(rows.length / 10);
        byte[] numbers = tsvNumbers(400_000); // LZ4's worst case of the two: only the repeated number matches
        byte[] packed = encode(encoding, numbers);
        assertThat(decode(encoding, packed)).isEqualTo(numbers);
        assertThat(packed.length).as(encoding + " of %,d bytes", numbers.length).isLessThan(numbers.length * 3 / 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "zstd", "lz4"})
    void emptyOutputIsAValidStream(String encoding) throws IOException {
        assertThat(decode(encoding, encode(encoding, new byte[0]))).isEmpty();
    }

    @Test
    void lz4DecoderReadsTheReferenceToolsFrames() throws IOException {
        assertThat(decode("lz4", REFERENCE_LZ4_FRAME)).isEqualTo(REFERENCE_TEXT);
        // concatenated frames are one body, as the lz4 tool and ClickHouse read them
        byte[] twice = new byte[2 * REFERENCE_LZ4_FRAME.length];
        System.arraycopy(REFERENCE_LZ4_FRAME, 0, twice, 0, REFERENCE_LZ4_FRAME.length);
        System.arraycopy(REFERENCE_LZ4_FRAME, 0, twice, REFERENCE_LZ4_FRAME.length, REFERENCE_LZ4_FRAME.length);
        assertThat(new String(decode("lz4", twice), StandardCharsets.US_ASCII))
                .isEqualTo(new String(REFERENCE_TEXT, StandardCharsets.US_ASCII).repeat(2));
    }

    @Test
    void lz4EncoderOutputIsReadByTheReferenceTool(@TempDir Path dir) throws Exception {
        Optional<Path> tool = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(":")))
                .map(p -> Path.of(p, "lz4"))
                .filter(Files::isExecutable)
                .findFirst();
        assumeTrue(tool.isPresent(), "the lz4 command-line tool is not installed");
        byte[] data = tsvNumbers(100_000);
        Path frame = dir.resolve("out.lz4");
        Files.write(frame, encode("lz4", data));
        Process p = new ProcessBuilder(tool.get().toString(), "-d", "-c", frame.toString())
                .redirectErrorStream(false)
                .start();
        byte[] decoded = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(decoded).isEqualTo(data);
    }

    @Test
    void lz4FramesWithLinkedBlocksAreRead() throws IOException {
        byte[] linked = REFERENCE_LZ4_FRAME.clone();
        linked[4] &= ~0x20; // FLG: block independence off, as LZ4F's default preferences (python's lz4.frame) write it
        linked[6] = (byte) (XXHashFactory.fastestInstance().hash32().hash(linked, 4, 2, 0) >> 8);
        assertThat(decode("lz4", linked)).isEqualTo(decode("lz4", REFERENCE_LZ4_FRAME));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "zstd", "lz4"})
    void aCorruptBodyFailsToDecode(String encoding) throws IOException {
        byte[] encoded = encode(encoding, tsvNumbers(10_000));
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length * 2 / 3);
        byte[] badHeader = encoded.clone();
        badHeader[0] ^= (byte) 0x5a;
        for (byte[] corrupt : new byte[][] {truncated, badHeader}) {
            // an IOException is what RequestBody turns into 271 CANNOT_DECOMPRESS
            assertThatThrownBy(() -> decode(encoding, corrupt)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void negotiationFollowsTheClientsOrder() {
        assertThat(ContentEncoding.negotiate("br, lz4;q=0.9, gzip")).contains("lz4");
        assertThat(ContentEncoding.negotiate("x-gzip")).contains("gzip");
        assertThat(ContentEncoding.negotiate("zstd;q=0, deflate")).contains("deflate");
        assertThat(ContentEncoding.negotiate("br")).isEmpty();
        assertThatThrownBy(() -> ContentEncoding.decoder("br", InputStream.nullInputStream()))
                .isInstanceOf(ClickHouseException.class)
                .satisfies(e -> assertThat(((ClickHouseException) e).code())
                        .isEqualTo(ClickHouseException.UNKNOWN_COMPRESSION_METHOD));
    }

    /** Written in uneven pieces, as a streamed answer arrives from the engine. */
    static byte[] encode(String encoding, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encoder = ContentEncoding.encoder(encoding, out)) {
            Random sizes = new Random(3);
            for (int off = 0; off < data.length; ) {
                int n = Math.min(data.length - off, 1 + sizes.nextInt(200_000));
                encoder.write(data, off, n);
                off += n;
            }
        }
        return out.toByteArray();
    }

    static byte[] decode(String encoding, byte[] encoded) throws IOException {
        try (InputStream in = ContentEncoding.decoder(encoding, new ByteArrayInputStream(encoded))) {
            return in.readAllBytes();
        }
    }

    /** What {@code SELECT number, toString(number) ... FORMAT TSV} answers: repetitive, as most query results are. */
    static byte[] tsvNumbers(int rows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            s.append(i).append('\t').append(i).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Rows that repeat every 12 lines, as a small dimension table's rows joined onto every fact do. */
    static byte[] lowCardinalityRows(int rows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            int k = i % 12;
            s.append("2026-03-")
                    .append(10 + k)
                    .append("\tunion-")
                    .append(k)
                    .append("\tmember_count\t")
                    .append(k * 7)
                    .append('\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] referenceText() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append(i % 7).append("\tclickhouse\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
