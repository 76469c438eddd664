package cn.binjiang.union.schema.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements at semicolons outside quotes and comments.
 * Written by hand because the ClickHouse HTTP interface runs one statement per request and no
 * maintained library splits ClickHouse SQL; the lexing needed (quotes, backticks, comments) is small.
 */
final class SqlStatements {
    private SqlStatements() {}

    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = skipUntil(sql, i, "\n");
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipUntil(sql, i + 2, "*/");
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = quotedEnd(sql, i, c);
                current.append(sql, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
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

    private static int skipUntil(String sql, int from, String terminator) {
        int at = sql.indexOf(terminator, from);
        return at < 0 ? sql.length() : at + terminator.length();
    }

    /** Index just past the closing quote; a backslash escapes the next character, as in ClickHouse. */
    private static int quotedEnd(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new MigrationException("unterminated " + quote + " quote starting at character " + open);
    }
}
