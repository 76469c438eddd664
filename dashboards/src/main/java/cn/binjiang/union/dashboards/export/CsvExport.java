package cn.binjiang.union.dashboards.export;

import cn.binjiang.union.dashboards.api.PanelData;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A panel's data as CSV (RFC 4180): the header is the panel's columns, then its rows as the panel API answers them,
 * numbers in plain notation. UTF-8 with a byte-order mark, or Excel opens the street and column names as mojibake.
 */
public final class CsvExport {
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvExport() {}

    public static byte[] of(PanelData data) {
        StringBuilder out = new StringBuilder();
        line(out, data.columns().stream().map(c -> (Object) c).toList());
        for (Map<String, Object> row : data.rows())
            line(out, data.columns().stream().map(row::get).toList());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(BOM);
        bytes.writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static void line(StringBuilder out, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String field(Object cell) {
        if (cell == null) return "";
        if (cell instanceof Number n) return plain(n);
        String text = String.valueOf(cell);
        // a text cell Excel would run as a formula (=, +, -, @) is kept as text: OWASP's CSV injection advice
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) text = "'" + text;
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** A number as its digits (1000.50, 0.0001), never Java's 1.0E-4. */
    static String plain(Number n) {
        if (n instanceof BigDecimal d) return d.toPlainString();
        if (n instanceof Double || n instanceof Float)
            return BigDecimal.valueOf(n.doubleValue()).toPlainString();
        return n.toString();
    }
}
