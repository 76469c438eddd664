package cn.binjiang.union.clickhouse;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Output formats whose streamed chunks can be joined into one valid response. chDB formats every chunk as a
 * complete result, so formats with a header repeat it per chunk (dropped here from the second chunk on) and
 * formats with a document structure (JSON, XML, Pretty, Parquet, ...) cannot be streamed at all.
 */
final class StreamableFormat {
    private static final Set<String> HEADERLESS = Set.of(
            "tabseparated",
            "tsv",
            "tabseparatedraw",
            "tsvraw",
            "csv",
            "jsoneachrow",
            "jsonlines",
            "ndjson",
            "jsonstringseachrow",
            "jsoncompacteachrow",
            "jsoncompactstringseachrow",
            "rowbinary",
            "values",
            "tskv",
            "lineasstring",
            "native");
    private static final Set<String> WITH_HEADER_LINES = Set.of(
            "tabseparated",
            "tsv",
            "tabseparatedraw",
            "tsvraw",
            "csv",
            "jsoncompacteachrow",
            "jsoncompactstringseachrow");

    private final int headerLines;
    private final boolean rowBinaryHeader;
    private final boolean withTypes;

    private StreamableFormat(int headerLines, boolean rowBinaryHeader, boolean withTypes) {
        this.headerLines = headerLines;
        this.rowBinaryHeader = rowBinaryHeader;
        this.withTypes = withTypes;
    }

    static Optional<StreamableFormat> of(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (HEADERLESS.contains(f)) {
            return Optional.of(new StreamableFormat(0, false, false));
        }
        boolean withTypes = f.endsWith("withnamesandtypes");
        String base = withTypes
                ? f.substring(0, f.length() - "withnamesandtypes".length())
                : f.endsWith("withnames") ? f.substring(0, f.length() - "withnames".length()) : null;
        if (base == null) {
            return Optional.empty();
        }
        if (base.equals("rowbinary")) {
            return Optional.of(new StreamableFormat(0, true, withTypes));
        }
        return WITH_HEADER_LINES.contains(base)
                ? Optional.of(new StreamableFormat(withTypes ? 2 : 1, false, withTypes))
                : Optional.empty();
    }

    /** How many leading bytes of a chunk repeat the header already sent with the first chunk. */
    int repeatedHeaderLength(byte[] chunk, boolean firstChunk) {
        if (firstChunk) {
            return 0;
        }
        if (rowBinaryHeader) {
            return rowBinaryHeaderLength(chunk);
        }
        int at = 0;
        for (int line = 0; line < headerLines; line++) {
            while (at < chunk.length && chunk[at] != '\n') {
                at++;
            }
            at = Math.min(chunk.length, at + 1);
        }
        return at;
    }

    // RowBinaryWithNames[AndTypes] header: varint column count, then that many (or twice that many) strings.
    private int rowBinaryHeaderLength(byte[] chunk) {
        int[] at = {0};
        long columns = readVarUInt(chunk, at);
        long strings = withTypes ? columns * 2 : columns;
        for (long i = 0; i < strings; i++) {
            long length = readVarUInt(chunk, at);
            at[0] += (int) length;
        }
        return Math.min(at[0], chunk.length);
    }

    private static long readVarUInt(byte[] b, int[] at) {
        long value = 0;
        for (int shift = 0; at[0] < b.length && shift < 64; shift += 7) {
            int x = b[at[0]++] & 0xff;
            value |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                break;
            }
        }
        return value;
    }
}
