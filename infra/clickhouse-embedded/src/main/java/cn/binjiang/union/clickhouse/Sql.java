package cn.binjiang.union.clickhouse;

/** Quoting for the SQL text this server writes itself (values and names always come from clients). */
final class Sql {
    private Sql() {}

    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String quoteIdentifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }
}
