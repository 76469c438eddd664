package cn.binjiang.union.clickhouse;

/**
 * Quoting for the SQL text this server writes itself (values and names always come from clients), and the text fields
 * the engine answers its own statements with.
 */
final class Sql {
    private Sql() {}

    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String quoteIdentifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** A TabSeparated field as text: backslash sequences for tab, newline, backslash and quote undone. */
    static String unescapeTsv(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char n = field.charAt(++i);
                out.append(
                        switch (n) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case '0' -> '\0';
                            default -> n;
                        });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
