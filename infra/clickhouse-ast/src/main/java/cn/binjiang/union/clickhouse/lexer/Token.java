package cn.binjiang.union.clickhouse.lexer;

/** One token of a text: its kind and its span, {@code start} inclusive, {@code end} exclusive, in the text's chars. */
public record Token(TokenKind kind, int start, int end) {
    public String text(String sql) {
        return sql.substring(start, end);
    }

    public boolean is(TokenKind kind) {
        return this.kind == kind;
    }
}
