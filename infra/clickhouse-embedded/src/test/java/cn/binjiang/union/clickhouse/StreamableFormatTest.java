package cn.binjiang.union.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamableFormatTest {
    @Test
    void documentFormatsAreNotStreamed() {
        assertThat(StreamableFormat.of("JSON")).isEmpty();
        assertThat(StreamableFormat.of("PrettyCompact")).isEmpty();
        assertThat(StreamableFormat.of("TabSeparated")).isPresent();
        assertThat(StreamableFormat.of("RowBinaryWithNamesAndTypes")).isPresent();
    }

    @Test
    void repeatedTextHeaderIsDroppedAfterTheFirstChunk() {
        StreamableFormat f = StreamableFormat.of("CSVWithNamesAndTypes").orElseThrow();
        byte[] chunk = "\"n\"\n\"UInt64\"\n5\n".getBytes(StandardCharsets.UTF_8);
        assertThat(f.repeatedHeaderLength(chunk, true)).isZero();
        assertThat(f.repeatedHeaderLength(chunk, false)).isEqualTo(chunk.length - 2);
    }

    @Test
    void repeatedRowBinaryHeaderIsDroppedAfterTheFirstChunk() {
        // 1 column "number" of type "UInt64", then one row.
        byte[] chunk = {1, 6, 'n', 'u', 'm', 'b', 'e', 'r', 6, 'U', 'I', 'n', 't', '6', '4', 7, 0, 0, 0, 0, 0, 0, 0};
        assertThat(StreamableFormat.of("RowBinaryWithNamesAndTypes")
                        .orElseThrow()
                        .repeatedHeaderLength(chunk, false))
                .isEqualTo(15);
        assertThat(StreamableFormat.of("RowBinaryWithNames").orElseThrow().repeatedHeaderLength(chunk, false))
                .isEqualTo(8);
    }
}
