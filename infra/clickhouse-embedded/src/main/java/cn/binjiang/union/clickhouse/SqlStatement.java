package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.lexer.Lexer;
import cn.binjiang.union.clickhouse.lexer.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the HTTP layer must know about a statement before chDB sees it, found in the tokens of ClickHouse's own
 * lexing rules ({@link Lexer}) rather than with regexes, so that text inside strings or comments can never be
 * mistaken for a keyword. It does not validate SQL: chDB does that.
 */
final class SqlStatement {
    private final String sql;
    private final List<Token> tokens;
    private final int dataStart;

    /** A significant token (neither white space nor a comment) and how many brackets around it are open. */
    record Token(TokenKind kind, int start, int end, int depth) {
        boolean word() {
            return kind == TokenKind.BARE_WORD;
        }

        /** A bare or a quoted name. */
        boolean name() {
            return word() || kind == TokenKind.QUOTED_IDENTIFIER;
        }
    }

    private SqlStatement(String sql, List<Token> tokens, int dataStart) {
        this.sql = sql;
        this.tokens = tokens;
        this.dataStart = dataStart;
    }

    /** Tokenizes a whole statement; the text must not carry inline INSERT data (see {@link #parseInsertPrefix}). */
    static SqlStatement parse(String sql) {
        return scan(sql, false);
    }

    /**
     * Tokenizes the head of {@code text} as far as an INSERT's {@code FORMAT name}, where inline data begins.
     * {@code text} is the request body decoded as ISO-8859-1 so that character offsets equal byte offsets.
     */
    static SqlStatement parseInsertPrefix(String text) {
        return scan(text, true);
    }

    /** The first keyword in upper case, e.g. SELECT, INSERT, SET; empty for an empty statement. */
    String kind() {
        for (Token t : tokens) {
            if (t.word()) {
                return text(t).toUpperCase(Locale.ROOT);
            }
            if (!text(t).equals("(")) {
                return "";
            }
        }
        return "";
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    /**
     * The 1-based position of a first token no statement starts with: a statement starts with a keyword (ASCII
     * letters) or {@code (}. chDB answers some of those with an empty success (a control byte or a non-ASCII
     * byte first) and runs others as an implicit SELECT, where a ClickHouse server reports a syntax error.
     */
    OptionalInt unexpectedStart() {
        if (tokens.isEmpty()) {
            return OptionalInt.empty();
        }
        Token first = tokens.getFirst();
        String text = text(first);
        boolean keyword = first.word() && text.chars().allMatch(c -> c < 0x80 && (Character.isLetter(c) || c == '_'));
        return keyword || text.equals("(") ? OptionalInt.empty() : OptionalInt.of(first.start + 1);
    }

    /** Statements that produce rows through chDB's streaming API (it refuses everything else). */
    boolean isSelect() {
        String kind = kind();
        return kind.equals("SELECT") || kind.equals("WITH");
    }

    boolean isInsert() {
        return kind().equals("INSERT");
    }

    /** More than one statement: chDB would run them all, ClickHouse's HTTP interface refuses. */
    boolean isMultiStatement() {
        return secondStatement() >= 0;
    }

    /** Where the first statement's semicolon is, when another statement follows it; else -1. */
    int secondStatement() {
        for (int i = 0; i < tokens.size(); i++) {
            if (text(tokens.get(i)).equals(";") && i < tokens.size() - 1) {
                return tokens.subList(i + 1, tokens.size()).stream().anyMatch(t -> !text(t).equals(";"))
                        ? tokens.get(i).start
                        : -1;
            }
        }
        return -1;
    }

    /** The top-level {@code FORMAT name} of the statement, which wins over any format the request asks for. */
    Optional<String> formatClause() {
        int at = formatKeywordIndex();
        return at < 0 ? Optional.empty() : Optional.of(unquote(text(tokens.get(at + 1))));
    }

    /**
     * An INSERT whose data comes separately ({@code INSERT INTO t (a, b) [SETTINGS ...] FORMAT X}, or a bare
     * {@code VALUES}), in the parts the server needs to read the data from a file instead: ClickHouse wants
     * {@code FROM INFILE} before the statement's own SETTINGS clause, so the clause is taken apart.
     *
     * @param target   the statement up to its SETTINGS clause or input format, e.g. {@code INSERT INTO t (a, b)}
     * @param settings the assignments of its SETTINGS clause ({@code a = 1, b = 'x'}), or empty
     * @param format   its FORMAT clause, or Values for a bare VALUES
     */
    record InsertHead(String target, String settings, String format) {}

    Optional<InsertHead> insertHead() {
        if (!isInsert()) {
            return Optional.empty();
        }
        int end = formatKeywordIndex();
        String format;
        if (end >= 0) {
            format = unquote(text(tokens.get(end + 1)));
        } else {
            end = topLevelKeyword("VALUES");
            if (end < 0 || end != tokens.size() - 1) {
                return Optional.empty();
            }
            format = "Values";
        }
        int settings = topLevelKeyword("SETTINGS", end);
        if (settings >= 0
                && (settings + 2 >= end || !text(tokens.get(settings + 2)).equals("="))) {
            settings = -1; // a table named settings, not the clause
        }
        String target = sql.substring(0, tokens.get(settings < 0 ? end : settings).start)
                .strip();
        String assignments = settings < 0 ? "" : sql.substring(tokens.get(settings + 1).start, tokens.get(end - 1).end);
        return Optional.of(new InsertHead(target, assignments, format));
    }

    /** A table a statement names; {@code database} is empty when the name has none. */
    record TableName(Optional<String> database, String table) {}

    /**
     * The table of {@code INSERT INTO [TABLE] [db.]t} with nothing after the name: no column list, no table function.
     * Meant for an {@link InsertHead#target}.
     */
    Optional<TableName> insertTableWithoutColumns() {
        if (!isInsert() || tokens.size() < 3 || !text(tokens.get(1)).equalsIgnoreCase("INTO")) {
            return Optional.empty();
        }
        List<Token> name = tokens.subList(
                tokens.size() > 3 && text(tokens.get(2)).equalsIgnoreCase("TABLE") ? 3 : 2, tokens.size());
        if (name.size() == 1 && name.getFirst().name()) {
            return Optional.of(new TableName(Optional.empty(), unquote(text(name.getFirst()))));
        }
        if (name.size() == 3
                && name.get(0).name()
                && text(name.get(1)).equals(".")
                && name.get(2).name()) {
            return Optional.of(new TableName(Optional.of(unquote(text(name.get(0)))), unquote(text(name.get(2)))));
        }
        return Optional.empty();
    }

    /** Offset where inline INSERT data starts (after {@code FORMAT name} and one line break), or -1. */
    int dataStart() {
        return dataStart;
    }

    String sql() {
        return sql;
    }

    /** What the statement sets and reads of the settings. */
    StatementSettings settings() {
        return new StatementSettings(this);
    }

    /** The databases and tables the statement names. */
    StatementNames names() {
        return new StatementNames(this);
    }

    /** The statement's significant tokens, in order. */
    List<Token> tokens() {
        return tokens;
    }

    /** The index of the top-level FORMAT keyword that has a name after it, or -1. */
    int formatKeywordIndex() {
        int at = topLevelKeyword("FORMAT");
        return at >= 0 && at + 1 < tokens.size() ? at : -1;
    }

    int topLevelKeyword(String keyword) {
        return topLevelKeyword(keyword, tokens.size());
    }

    /** The last top-level {@code keyword} before token {@code before}, or -1. */
    private int topLevelKeyword(String keyword, int before) {
        for (int i = before - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.word() && t.depth == 0 && text(t).equalsIgnoreCase(keyword)) {
                return i;
            }
        }
        return -1;
    }

    String text(Token t) {
        return sql.substring(t.start, t.end);
    }

    /** A quoted name without its quotes; any other text as it is. */
    static String unquote(String name) {
        return name.length() >= 2 && (name.charAt(0) == '`' || name.charAt(0) == '"')
                ? name.substring(1, name.length() - 1)
                : name;
    }

    private static SqlStatement scan(String s, boolean stopAtInsertData) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        Lexer lexer = stopAtInsertData ? Lexer.ofUtf8Bytes(s) : Lexer.of(s);
        while (lexer.hasNext()) {
            var token = lexer.next();
            TokenKind kind = token.kind();
            if (!kind.significant()) {
                continue;
            }
            if (kind.closesBracket()) {
                depth = Math.max(0, depth - 1);
            }
            tokens.add(new Token(kind, token.start(), token.end(), depth));
            if (kind.opensBracket()) {
                depth++;
            }
            if (stopAtInsertData && kind == TokenKind.BARE_WORD && isInsertDataStart(s, tokens)) {
                return new SqlStatement(s.substring(0, token.end()), tokens, skipToData(s, token.end()));
            }
        }
        return new SqlStatement(s, tokens, -1);
    }

    /** True when the last token is the format name of an INSERT's top-level {@code FORMAT name}. */
    private static boolean isInsertDataStart(String s, List<Token> tokens) {
        if (tokens.size() < 3
                || !s.substring(tokens.getFirst().start, tokens.getFirst().end).equalsIgnoreCase("INSERT")) {
            return false;
        }
        Token keyword = tokens.get(tokens.size() - 2);
        return keyword.word()
                && keyword.depth == 0
                && s.substring(keyword.start, keyword.end).equalsIgnoreCase("FORMAT");
    }

    // ClickHouse skips blanks after the format name and at most one line break; binary data may begin with spaces.
    private static int skipToData(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '\r') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '\n') {
            i++;
        }
        return i;
    }
}
