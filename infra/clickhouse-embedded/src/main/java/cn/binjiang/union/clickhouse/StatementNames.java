package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.SqlStatement.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The databases and tables a statement names in its text, found in its tokens: what the access policy checks
 * beside the engine's parse (which does not print {@code SHOW TABLES FROM db} or {@code USE db}), and the
 * {@code system.processes} references the server replaces with its own view.
 */
final class StatementNames {
    private static final Set<String> OBJECT_KEYWORDS = Set.of(
            "FROM",
            "JOIN",
            "INTO",
            "TABLE",
            "DATABASE",
            "USE",
            "UPDATE",
            "DESCRIBE",
            "DESC",
            "EXISTS",
            "VIEW",
            "DICTIONARY",
            "TABLES",
            "IN");
    private static final Set<String> NOT_NAMES = Set.of(
            "SELECT",
            "WITH",
            "TABLE",
            "DATABASE",
            "FUNCTION",
            "TEMPORARY",
            "IF",
            "FROM",
            "VALUES",
            "FORMAT",
            "SETTINGS",
            "VIEW",
            "DICTIONARY",
            "OR",
            "NOT",
            "ONLY",
            "FINAL",
            "LIKE",
            "ILIKE",
            "WHERE",
            "TABLES",
            "DATABASES");

    private final SqlStatement statement;
    private final List<Token> tokens;

    StatementNames(SqlStatement statement) {
        this.statement = statement;
        this.tokens = statement.tokens();
    }

    /** A qualified name {@code database.table} in the text, with its character span. */
    record QualifiedName(String database, String table, int start, int end) {}

    /** Every {@code a.b} pair of (possibly quoted) names, at any depth: tables, but also columns of aliases. */
    List<QualifiedName> qualified() {
        List<QualifiedName> names = new ArrayList<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            Token a = tokens.get(i);
            Token b = tokens.get(i + 2);
            if (a.name()
                    && text(i + 1).equals(".")
                    && b.name()
                    && (i == 0 || !text(i - 1).equals("."))) {
                names.add(new QualifiedName(
                        SqlStatement.unquote(text(i)), SqlStatement.unquote(text(i + 2)), a.start(), b.end()));
            }
        }
        return names;
    }

    /**
     * Names that follow a keyword introducing a table or database ({@code FROM x}, {@code JOIN x}, {@code INTO x},
     * {@code TABLE x}, {@code DATABASE x}, {@code USE x}, ...) without a qualifier: objects of the current
     * database, or databases. Names defined by {@code WITH name AS (...)} are left out.
     */
    List<String> unqualifiedObjects() {
        Set<String> ctes = new HashSet<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).name()
                    && text(i + 1).equalsIgnoreCase("AS")
                    && text(i + 2).equals("(")) {
                ctes.add(SqlStatement.unquote(text(i)));
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            boolean qualified = i + 2 < tokens.size() && text(i + 2).equals(".");
            boolean call = i + 2 < tokens.size() && text(i + 2).equals("(");
            String name = SqlStatement.unquote(text(i + 1));
            if (tokens.get(i).word()
                    && OBJECT_KEYWORDS.contains(text(i).toUpperCase(Locale.ROOT))
                    && tokens.get(i + 1).name()
                    && !qualified
                    && !call
                    && !NOT_NAMES.contains(text(i + 1).toUpperCase(Locale.ROOT))
                    && !ctes.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The statement's text with each given span replaced; spans must not overlap. */
    String replacing(List<QualifiedName> spans, Function<QualifiedName, String> replacement) {
        String sql = statement.sql();
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (QualifiedName span : spans.stream()
                .sorted(Comparator.comparingInt(QualifiedName::start))
                .toList()) {
            out.append(sql, at, span.start()).append(replacement.apply(span));
            at = span.end();
        }
        return out.append(sql.substring(at)).toString();
    }

    private String text(int token) {
        return statement.text(tokens.get(token));
    }
}
