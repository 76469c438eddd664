package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.lexer.Lexer;
import cn.binjiang.union.clickhouse.lexer.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

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
    private record Token(TokenKind kind, int start, int end, int depth) {
        boolean word() {
            return kind == TokenKind.BARE_WORD;
        }
    }

    private static final Set<String> OBJECT_KEYWORDS = Set.of("FROM", "JOIN", "INTO", "TABLE", "DATABASE", "USE",
            "UPDATE", "DESCRIBE", "DESC", "EXISTS", "VIEW", "DICTIONARY", "TABLES", "IN");
    private static final Set<String> NOT_NAMES = Set.of("SELECT", "WITH", "TABLE", "DATABASE", "FUNCTION", "TEMPORARY",
            "IF", "FROM", "VALUES", "FORMAT", "SETTINGS", "VIEW", "DICTIONARY", "OR", "NOT", "ONLY", "FINAL", "LIKE", "ILIKE",
            "WHERE", "TABLES", "DATABASES");

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
                return tokens.subList(i + 1, tokens.size()).stream().anyMatch(t -> !text(t).equals(";")) ? tokens.get(i).start : -1;
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
        if (settings >= 0 && (settings + 2 >= end || !text(tokens.get(settings + 2)).equals("="))) {
            settings = -1; // a table named settings, not the clause
        }
        String target = sql.substring(0, tokens.get(settings < 0 ? end : settings).start).strip();
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
        List<Token> name = tokens.subList(tokens.size() > 3 && text(tokens.get(2)).equalsIgnoreCase("TABLE") ? 3 : 2, tokens.size());
        if (name.size() == 1 && isName(name.getFirst())) {
            return Optional.of(new TableName(Optional.empty(), unquote(text(name.getFirst()))));
        }
        if (name.size() == 3 && isName(name.get(0)) && text(name.get(1)).equals(".") && isName(name.get(2))) {
            return Optional.of(new TableName(Optional.of(unquote(text(name.get(0)))), unquote(text(name.get(2)))));
        }
        return Optional.empty();
    }

    /** Offset where inline INSERT data starts (after {@code FORMAT name} and one line break), or -1. */
    int dataStart() {
        return dataStart;
    }

    /** Names assigned by a {@code SET a = 1, b = 2} statement, so the server can undo them afterwards. */
    List<String> assignedSettings() {
        List<String> names = new ArrayList<>();
        if (!kind().equals("SET")) {
            return names;
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.word() && t.depth == 0 && text(tokens.get(i + 1)).equals("=")
                    && (i == 1 || text(tokens.get(i - 1)).equals(","))) {
                names.add(text(t));
            }
        }
        return names;
    }

    /**
     * The value the statement's own top-level {@code SETTINGS} clause gives {@code name}: a string literal's text, or
     * the value as written. The server reports some settings in its headers (the session time zone).
     */
    Optional<String> clauseSetting(String name) {
        int settings = topLevelKeyword("SETTINGS");
        for (int i = settings + 1; settings >= 0 && i + 2 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth == 0 && t.word() && text(t).equalsIgnoreCase("FORMAT")) {
                break;
            }
            if (t.depth == 0 && t.word() && text(t).equals(name) && text(tokens.get(i + 1)).equals("=")) {
                String value = text(tokens.get(i + 2));
                return Optional.of(value.length() >= 2 && value.startsWith("'") && value.endsWith("'") ? value.substring(1, value.length() - 1) : value);
            }
        }
        return Optional.empty();
    }

    String sql() {
        return sql;
    }

    /** {@code name = value} in a SETTINGS clause or a SET statement, {@code value} as written. */
    record Assignment(String name, String value) {}

    /**
     * The assignments of a SET statement, or of one top-level {@code SETTINGS} clause, and the text they take: from
     * the clause's keyword (a SET's first name) to the last value.
     */
    record SettingsList(int start, int end, List<Assignment> assignments) {}

    /** The SET statement's assignments, or those of each top-level SETTINGS clause (a query may have one after FORMAT too). */
    List<SettingsList> settingsLists() {
        List<SettingsList> lists = new ArrayList<>();
        if (kind().equals("SET")) {
            assignments(1).ifPresent(a -> lists.add(new SettingsList(tokens.get(1).start, a.end(), a.assignments())));
            return lists;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.word() && t.depth == 0 && text(t).equalsIgnoreCase("SETTINGS")) {
                assignments(i + 1).ifPresent(a -> lists.add(new SettingsList(t.start, a.end(), a.assignments())));
            }
        }
        return lists;
    }

    /**
     * A call reading a setting by a literal name, {@code getSetting('name')} or {@code getSettingOrDefault('name', d)};
     * {@code call} is its text as the engine formats it, the name of a result column it is.
     */
    record SettingRead(String name, String call, int start, int end) {}

    List<SettingRead> settingReads() {
        List<SettingRead> reads = new ArrayList<>();
        for (int i = 0; i + 3 < tokens.size(); i++) {
            String function = text(tokens.get(i));
            Token name = tokens.get(i + 2);
            if (tokens.get(i).word() && (function.equals("getSetting") || function.equals("getSettingOrDefault"))
                    && text(tokens.get(i + 1)).equals("(") && text(name).startsWith("'")) {
                int depth = tokens.get(i + 1).depth;
                for (int j = i + 3; j < tokens.size(); j++) {
                    if (tokens.get(j).depth == depth && text(tokens.get(j)).equals(")")) {
                        String setting = unquoteString(text(name));
                        String rest = j == i + 3 ? "" : ", " + sql.substring(tokens.get(i + 4).start, tokens.get(j).start).strip();
                        reads.add(new SettingRead(setting, function + "(" + Sql.quote(setting) + rest + ")", tokens.get(i).start, tokens.get(j).end));
                        break;
                    }
                }
            }
        }
        return reads;
    }

    /** The assignment list starting at token {@code from}, if there is one there. */
    private Optional<SettingsList> assignments(int from) {
        List<Assignment> list = new ArrayList<>();
        int i = from;
        int end = -1;
        while (i + 2 < tokens.size() && isName(tokens.get(i)) && text(tokens.get(i + 1)).equals("=")) {
            int last = valueEnd(i + 2);
            list.add(new Assignment(unquote(text(tokens.get(i))), sql.substring(tokens.get(i + 2).start, tokens.get(last).end)));
            end = tokens.get(last).end;
            if (last + 1 >= tokens.size() || !text(tokens.get(last + 1)).equals(",")) {
                break;
            }
            i = last + 2;
        }
        return list.isEmpty() ? Optional.empty() : Optional.of(new SettingsList(-1, end, list));
    }

    /** The last token of a setting's value starting at token {@code i}: a literal, a signed number or a bracketed one. */
    private int valueEnd(int i) {
        String first = text(tokens.get(i));
        if ((first.equals("-") || first.equals("+")) && i + 1 < tokens.size()) {
            return i + 1;
        }
        if (first.equals("(") || first.equals("[") || first.equals("{")) {
            int depth = tokens.get(i).depth;
            for (int j = i + 1; j < tokens.size(); j++) {
                if (tokens.get(j).depth == depth) {
                    return j;
                }
            }
        }
        return i;
    }

    private static String unquoteString(String literal) {
        return literal.substring(1, Math.max(1, literal.length() - 1)).replace("''", "'").replace("\\'", "'").replace("\\\\", "\\");
    }

    /** A qualified name {@code database.table} in the text, with its character span. */
    record QualifiedName(String database, String table, int start, int end) {}

    /** Every {@code a.b} pair of (possibly back-quoted) names, at any depth: tables, but also columns of aliases. */
    List<QualifiedName> qualifiedNames() {
        List<QualifiedName> names = new ArrayList<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            Token a = tokens.get(i);
            Token b = tokens.get(i + 2);
            if (isName(a) && text(tokens.get(i + 1)).equals(".") && isName(b) && (i == 0 || !text(tokens.get(i - 1)).equals("."))) {
                names.add(new QualifiedName(unquote(text(a)), unquote(text(b)), a.start, b.end));
            }
        }
        return names;
    }

    /**
     * Names that follow a keyword introducing a table or database ({@code FROM x}, {@code JOIN x}, {@code INTO x},
     * {@code TABLE x}, {@code DATABASE x}, {@code USE x}, ...) without a qualifier: objects of the current
     * database, or databases. Names defined by {@code WITH name AS (...)} are left out.
     */
    List<String> unqualifiedObjectNames() {
        Set<String> ctes = new java.util.HashSet<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (isName(tokens.get(i)) && text(tokens.get(i + 1)).equalsIgnoreCase("AS") && text(tokens.get(i + 2)).equals("(")) {
                ctes.add(unquote(text(tokens.get(i))));
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token keyword = tokens.get(i);
            Token name = tokens.get(i + 1);
            boolean qualified = i + 2 < tokens.size() && text(tokens.get(i + 2)).equals(".");
            boolean call = i + 2 < tokens.size() && text(tokens.get(i + 2)).equals("(");
            if (keyword.word() && OBJECT_KEYWORDS.contains(text(keyword).toUpperCase(Locale.ROOT)) && isName(name)
                    && !qualified && !call && !NOT_NAMES.contains(text(name).toUpperCase(Locale.ROOT))
                    && !ctes.contains(unquote(text(name)))) {
                names.add(unquote(text(name)));
            }
        }
        return names;
    }

    /** Names called as functions, e.g. {@code file} in {@code SELECT * FROM file('x.csv')}, in lower case. */
    Set<String> calledNames() {
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).word() && text(tokens.get(i + 1)).equals("(")) {
                names.add(text(tokens.get(i)).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The text with each given span replaced; spans must not overlap. */
    String replacing(List<QualifiedName> spans, java.util.function.Function<QualifiedName, String> replacement) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (QualifiedName span : spans.stream().sorted(java.util.Comparator.comparingInt(QualifiedName::start)).toList()) {
            out.append(sql, at, span.start()).append(replacement.apply(span));
            at = span.end();
        }
        return out.append(sql.substring(at)).toString();
    }

    /** For {@code KILL QUERY [ON CLUSTER c] WHERE cond [SYNC|ASYNC|TEST] [FORMAT f]}: the condition and what follows it. */
    Optional<KillQuery> killQuery() {
        if (!kind().equals("KILL") || tokens.size() < 3 || !text(tokens.get(1)).equalsIgnoreCase("QUERY")) {
            return Optional.empty();
        }
        int where = -1;
        for (int i = 2; i < tokens.size(); i++) {
            if (tokens.get(i).word() && tokens.get(i).depth == 0 && text(tokens.get(i)).equalsIgnoreCase("WHERE")) {
                where = i;
                break;
            }
        }
        if (where < 0 || where + 1 >= tokens.size()) {
            return Optional.empty();
        }
        int end = tokens.size();
        int format = formatKeywordIndex();
        if (format > where) {
            end = format;
        }
        String mode = "";
        if (end - 1 > where && tokens.get(end - 1).word() && tokens.get(end - 1).depth == 0
                && Set.of("SYNC", "ASYNC", "TEST").contains(text(tokens.get(end - 1)).toUpperCase(Locale.ROOT))) {
            end--;
            mode = text(tokens.get(end)).toUpperCase(Locale.ROOT);
        }
        String condition = sql.substring(tokens.get(where + 1).start, tokens.get(end - 1).end);
        String formatClause = format > where ? sql.substring(tokens.get(format).start, tokens.get(format + 1).end) : "";
        return Optional.of(new KillQuery(condition, mode, formatClause));
    }

    record KillQuery(String condition, String mode, String formatClause) {}

    private boolean isName(Token t) {
        return t.word() || t.kind == TokenKind.QUOTED_IDENTIFIER;
    }

    private int formatKeywordIndex() {
        int at = topLevelKeyword("FORMAT");
        return at >= 0 && at + 1 < tokens.size() ? at : -1;
    }

    private int topLevelKeyword(String keyword) {
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

    private String text(Token t) {
        return sql.substring(t.start, t.end);
    }

    private static String unquote(String name) {
        return name.length() >= 2 && (name.charAt(0) == '`' || name.charAt(0) == '"')
                ? name.substring(1, name.length() - 1) : name;
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
        if (tokens.size() < 3 || !s.substring(tokens.getFirst().start, tokens.getFirst().end).equalsIgnoreCase("INSERT")) {
            return false;
        }
        Token keyword = tokens.get(tokens.size() - 2);
        return keyword.word() && keyword.depth == 0 && s.substring(keyword.start, keyword.end).equalsIgnoreCase("FORMAT");
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
