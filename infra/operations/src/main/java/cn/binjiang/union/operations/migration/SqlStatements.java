package cn.binjiang.union.operations.migration;

import cn.binjiang.union.clickhouse.lexer.Lexer;
import cn.binjiang.union.clickhouse.lexer.Token;
import cn.binjiang.union.clickhouse.lexer.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements at the semicolons ClickHouse's own lexing rules find ({@link Lexer}):
 * none inside strings, quoted names, heredocs or comments. The ClickHouse HTTP interface runs one statement per
 * request. Comments are left out, each as the one space that separates tokens there ({@code a/* c *}{@code /b} is
 * two words); a string, quoted name or comment that is never closed is an error naming where it starts.
 */
final class SqlStatements {
    private SqlStatements() {}

    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Token token : Lexer.tokens(sql)) {
            if (token.kind().unclosed()) {
                throw new MigrationException(
                        "unterminated " + opening(token, sql) + " starting at character " + token.start());
            }
            switch (token.kind()) {
                case SEMICOLON -> add(statements, current);
                case COMMENT -> current.append(' ');
                default -> current.append(sql, token.start(), token.end());
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) statements.add(statement);
        current.setLength(0);
    }

    /** What opens the unclosed token: {@code /* comment}, or the quote ({@code x'} of a hexadecimal string). */
    private static String opening(Token token, String sql) {
        if (token.is(TokenKind.ERROR_MULTILINE_COMMENT_IS_NOT_CLOSED)) return "/* comment";
        String text = token.text(sql);
        return text.substring(0, text.indexOf('\'') == 1 ? 2 : 1) + " quote";
    }
}
