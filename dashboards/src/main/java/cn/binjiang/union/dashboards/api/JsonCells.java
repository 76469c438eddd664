package cn.binjiang.union.dashboards.api;

import java.math.BigDecimal;
import java.math.BigInteger;

/** How a ClickHouse value goes into the JSON of a panel or a console result. */
public final class JsonCells {
    private JsonCells() {}

    /** Numbers stay exact numbers (NaN/∞ become null), everything else is its text. */
    public static Object of(Object v) {
        if (v == null) return null;
        if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? null : d;
        if (v instanceof Float f) return f.isNaN() || f.isInfinite() ? null : f;
        if (v instanceof BigDecimal || v instanceof BigInteger || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof Boolean) {
            return v;
        }
        return v.toString();
    }
}
