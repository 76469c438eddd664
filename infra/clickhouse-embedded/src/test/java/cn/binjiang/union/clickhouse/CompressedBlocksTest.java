package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.data.ClickHouseCityHash;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressedBlocksTest {
    @Test
    void framedOutputReadsBackAcrossBlockBoundaries() throws IOException {
        byte[] data = new byte[3 * (1 << 20) + 12345];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (CompressedBlockOutputStream out = new CompressedBlockOutputStream(framed)) {
            out.write(data, 0, 100);
            out.write(data, 100, data.length - 100);
        }
        byte[] back = new CompressedBlockInputStream(new ByteArrayInputStream(framed.toByteArray())).readAllBytes();
        assertThat(back).isEqualTo(data);
    }

    @Test
    void blockLayoutIsClickHouses() {
        byte[] block = CompressedBlockOutputStream.frame("hello".getBytes(), 0, 5);
        assertThat(block[16] & 0xff).isEqualTo(0x82);
        assertThat(block[17]).isEqualTo((byte) (9 + 1 + 5)); // header + LZ4 token + literals: too short to have a match
        assertThat(block[21]).isEqualTo((byte) 5);
        long[] hash = ClickHouseCityHash.cityHash128(block, 16, block.length - 16);
        assertThat(block[0]).isEqualTo((byte) hash[0]);
    }

    @Test
    void repetitiveDataIsCompressedAndReadsBack() throws IOException {
        byte[] numbers = ContentEncodingTest.tsvNumbers(300_000); // about 4 MB: four blocks
        byte[] framed = framed(numbers);
        assertThat(framed.length).as("framed size of %,d bytes", numbers.length).isLessThan(numbers.length * 3 / 4);
        assertThat(new CompressedBlockInputStream(new ByteArrayInputStream(framed)).readAllBytes())
                .isEqualTo(numbers);
        byte[] rows = ContentEncodingTest.lowCardinalityRows(150_000);
        byte[] framedRows = framed(rows);
        assertThat(framedRows.length)
                .as("framed size of %,d bytes", rows.length)
                .isLessThan(rows.length / 10);
        assertThat(new CompressedBlockInputStream(new ByteArrayInputStream(framedRows)).readAllBytes())
                .isEqualTo(rows);
        byte[] zeros = new byte[1 << 20];
        assertThat(CompressedBlockOutputStream.frame(zeros, 0, zeros.length).length)
                .isLessThan(zeros.length / 100);
    }

    @Test
    void decodesBlocksOfTheReferenceCompressor() throws IOException {
        // The LZ4 block inside the lz4 tool's frame (after the 7-byte header and the 4-byte block size).
        byte[] lz4 = java.util.Arrays.copyOfRange(ContentEncodingTest.REFERENCE_LZ4_FRAME, 11, 11 + 0x30);
        byte[] out = new CompressedBlockInputStream(
                        new ByteArrayInputStream(framedBlock(0x82, lz4, ContentEncodingTest.REFERENCE_TEXT.length)))
                .readAllBytes();
        assertThat(out).isEqualTo(ContentEncodingTest.REFERENCE_TEXT);
    }

    @Test
    void decodesZstdAndUncompressedBlocks() throws IOException {
        byte[] data = ContentEncodingTest.tsvNumbers(20_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(framedBlock(0x90, Zstd.compress(data, 3), data.length));
        body.write(framedBlock(0x02, data, data.length));
        byte[] out = new CompressedBlockInputStream(new ByteArrayInputStream(body.toByteArray())).readAllBytes();
        assertThat(out).hasSize(2 * data.length);
        assertThat(java.util.Arrays.copyOfRange(out, 0, data.length)).isEqualTo(data);
        assertThat(java.util.Arrays.copyOfRange(out, data.length, out.length)).isEqualTo(data);
    }

    @Test
    void malformedLz4UnderAValidChecksumIsCannotDecompress() {
        byte[] garbage = new byte[64];
        new Random(5).nextBytes(garbage);
        garbage[0] = (byte) 0xff; // 15+ literals, then lengths that overrun the block
        assertThatThrownBy(
                        () -> new CompressedBlockInputStream(new ByteArrayInputStream(framedBlock(0x82, garbage, 1000)))
                                .readAllBytes())
                .isInstanceOf(ClickHouseException.class)
                .satisfies(e ->
                        assertThat(((ClickHouseException) e).code()).isEqualTo(ClickHouseException.CANNOT_DECOMPRESS));
        byte[] hello = "hello".getBytes();
        byte[] lz4 = {0x50, 'h', 'e', 'l', 'l', 'o'};
        assertThatThrownBy(() -> new CompressedBlockInputStream(
                                new ByteArrayInputStream(framedBlock(0x82, lz4, hello.length + 1)))
                        .readAllBytes())
                .as("raw size in the header bigger than the block decodes to")
                .isInstanceOf(ClickHouseException.class)
                .satisfies(e ->
                        assertThat(((ClickHouseException) e).code()).isEqualTo(ClickHouseException.CANNOT_DECOMPRESS));
    }

    @Test
    void corruptChecksumIsRefused() {
        byte[] block = CompressedBlockOutputStream.frame("hello".getBytes(), 0, 5);
        block[0] ^= 1;
        assertThatThrownBy(() -> new CompressedBlockInputStream(new ByteArrayInputStream(block)).readAllBytes())
                .isInstanceOf(ClickHouseException.class)
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(40));
    }

    private static byte[] framed(byte[] data) throws IOException {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (CompressedBlockOutputStream out = new CompressedBlockOutputStream(framed)) {
            out.write(data);
        }
        return framed.toByteArray();
    }

    /** A block in ClickHouse's framing around an already compressed payload, checksum included. */
    private static byte[] framedBlock(int method, byte[] payload, int rawSize) {
        byte[] block = new byte[9 + payload.length];
        block[0] = (byte) method;
        putInt(block, 1, block.length);
        putInt(block, 5, rawSize);
        System.arraycopy(payload, 0, block, 9, payload.length);
        long[] hash = ClickHouseCityHash.cityHash128(block, 0, block.length);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (long h : hash) {
            for (int i = 0; i < 8; i++) {
                framed.write((int) (h >>> (8 * i)));
            }
        }
        framed.writeBytes(block);
        return framed.toByteArray();
    }

    private static void putInt(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
    }
}
