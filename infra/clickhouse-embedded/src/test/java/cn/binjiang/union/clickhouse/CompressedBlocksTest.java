package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.data.ClickHouseCityHash;
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
        assertThat(block[17]).isEqualTo((byte) (9 + 1 + 5)); // header + LZ4 token + literals
        assertThat(block[21]).isEqualTo((byte) 5);
        long[] hash = ClickHouseCityHash.cityHash128(block, 16, block.length - 16);
        assertThat(block[0]).isEqualTo((byte) hash[0]);
    }

    @Test
    void decodesRealLz4Matches() throws IOException {
        // "abcabcabcabc": literals "abc", then a match of 9 at offset 3, as an LZ4 compressor would emit it.
        byte[] lz4 = {(byte) 0x35, 'a', 'b', 'c', 3, 0, (byte) 0x00};
        byte[] block = new byte[9 + lz4.length];
        block[0] = (byte) 0x82;
        putInt(block, 1, block.length);
        putInt(block, 5, 12);
        System.arraycopy(lz4, 0, block, 9, lz4.length);
        long[] hash = ClickHouseCityHash.cityHash128(block, 0, block.length);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (long h : hash) {
            for (int i = 0; i < 8; i++) {
                framed.write((int) (h >>> (8 * i)));
            }
        }
        framed.write(block);
        // The final sequence (empty literals) ends the block; the match of 4+5 restores the repetition.
        byte[] out = new CompressedBlockInputStream(new ByteArrayInputStream(framed.toByteArray())).readAllBytes();
        assertThat(new String(out)).isEqualTo("abcabcabcabc");
    }

    @Test
    void corruptChecksumIsRefused() {
        byte[] block = CompressedBlockOutputStream.frame("hello".getBytes(), 0, 5);
        block[0] ^= 1;
        assertThatThrownBy(() -> new CompressedBlockInputStream(new ByteArrayInputStream(block)).readAllBytes())
                .isInstanceOf(ClickHouseException.class)
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(40));
    }

    private static void putInt(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
    }
}
