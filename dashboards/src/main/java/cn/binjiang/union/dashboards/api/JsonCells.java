package cn.binjiang.union.dashboards.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a ClickHouse value goes into the JSON of a panel or a console result. */
public final class JsonCells {
    private JsonCells() {}

    /** Every row of {@code rs} as a JSON object, its columns by label in their order, each cell as {@link #of}. */
    public static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i), of(rs.getObject(i)));
            rows.add(row);
        }
        return rows;
    }

    /**
     * Numbers stay exact numbers (NaN/∞ become null), arrays and tuples JSON arrays of their cells, maps JSON
     * objects, everything else its text.
     */
    public static Object of(Object v) {
        if (v == null) return null;
        if (v instanceof java.sql.Array a) {
            try {
                return of(a.getArray());
            } catch (java.sql.SQLException e) {
                return a.toString();
            }
        }
        if (v instanceof Object[] items)
            return java.util.Arrays.stream(items).map(JsonCells::of).toList();
        if (v.getClass().isArray()) {
            return java.util.stream.IntStream.range(0, java.lang.reflect.Array.getLength(v))
                    .mapToObj(i -> of(java.lang.reflect.Array.get(v, i)))
                    .toList();
        }
        if (v instanceof java.util.List<?> list)
            return list.stream().map(JsonCells::of).toList();
        if (v instanceof java.util.Map<?, ?> map) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), of(x)));
            return out;
        }
        if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? null : d;
        if (v instanceof Float f) return f.isNaN() || f.isInfinite() ? null : f;
        if (v instanceof BigDecimal
                || v instanceof BigInteger
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte
                || v instanceof Boolean) {
            return v;
        }
        return v.toString();
    }
}
