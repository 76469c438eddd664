package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.dashboards.api.RequestRefused;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SQL console's own checks, before anything reaches ClickHouse (which also refuses writes: the
 * console connects as the read-only user). The text is tokenized the way ClickHouse reads it (quotes
 * {@code '…'}, {@code "…"}, {@code `…`} with backslash and doubled-quote escapes, comments {@code --},
 * {@code #} and {@code /* … *}{@code /}); comments are dropped from the statement that is sent, so a comment
 * cannot hide anything from these checks. Refused with {@link Refusal} (400 for malformed input, 403
 * for what is not allowed):
 * <ul>
 *   <li>more than one statement (a {@code ;} outside quotes and comments, except one at the end),
 *       an unterminated quote or comment, a nested comment, a non-ASCII character outside quotes;</li>
 *   <li>anything but {@code SELECT}, {@code WITH}, {@code SHOW TABLES|DATABASES|COLUMNS},
 *       {@code DESCRIBE}/{@code DESC}, {@code EXPLAIN}; the words of writes, DDL and settings anywhere
 *       ({@code INSERT}, {@code SET}, {@code SETTINGS}, {@code INTO}, {@code SYSTEM} as a statement, …);</li>
 *   <li>functions and table functions that reach outside or read tables by name ({@code file},
 *       {@code url}, {@code remote}, {@code s3}, {@code merge}, {@code mysql}, {@code executable}, …);</li>
 *   <li>every {@code system.} table but a short list of harmless ones (numbers, one, tables, columns, …),
 *       so {@code system.users}, {@code roles}, {@code grants}, {@code settings_profiles}, {@code quotas},
 *       {@code settings}, {@code processes}, {@code query_log}, {@code named_collections} are refused.</li>
 * </ul>
 * A street officer may in addition only read {@code kpi_latest} and {@code kpi_progress}; each of their
 * references is replaced by {@code (SELECT * FROM <view> WHERE street = '<street>')}, and the whole
 * query is wrapped {@code SELECT * FROM (<query>) WHERE street = '<street>'}; a comma join in a FROM
 * clause is refused (it would bring in an unchecked table) (a query without a
 * {@code street} column is refused by ClickHouse and answered 403).
 */
public final class SqlGuard {
    static final Set<String> FIRST_WORDS = Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN");
    static final Set<String> SHOW_ALLOWED = Set.of("TABLES", "DATABASES", "COLUMNS");
    static final Set<String> FORBIDDEN_WORDS = Set.of(
            "INSERT", "UPDATE", "DELETE", "ALTER", "CREATE", "DROP", "TRUNCATE", "RENAME", "EXCHANGE", "REPLACE",
            "ATTACH", "DETACH", "OPTIMIZE", "GRANT", "REVOKE", "KILL", "SET", "SETTINGS", "USE", "INTO", "OUTFILE",
            "BACKUP", "RESTORE", "UNDROP", "MOVE", "CHECK", "WATCH", "LIVE", "INFILE", "COMPRESSION");
    /** Functions (scalar or table) that reach outside the server's tables or read a table by name. */
    static final Set<String> FORBIDDEN_FUNCTIONS = Set.of(
            "file", "filecluster", "url", "urlcluster", "remote", "remotesecure", "cluster", "clusterallreplicas",
            "s3", "s3cluster", "gcs", "oss", "cosn", "hdfs", "hdfscluster", "azureblobstorage",
            "azureblobstoragecluster", "mysql", "postgresql", "jdbc", "odbc", "mongodb", "redis", "sqlite",
            "executable", "executablepool", "input", "merge", "dictionary", "deltalake", "hudi", "iceberg",
            "icebergs3", "icebergazure", "icebergcluster", "ytsaurus", "arrowflight", "fuzzjson", "fuzzquery",
            "joinget", "joingetornull", "dictget", "getsetting", "getserversetting", "getmacro", "dictgetstring",
            "loop", "viewifpermitted", "mergetreeindex", "mergetreeanalyzeindexes", "prometheusquery",
            "timeseriesdata", "timeseriestags", "timeseriesmetrics", "paimon", "filesystem", "readfile");
    /** The only system tables the console reads: numbers and the catalogue, nothing about users or settings. */
    static final Set<String> SYSTEM_ALLOWED = Set.of(
            "one", "numbers", "numbers_mt", "zeros", "zeros_mt", "databases", "tables", "columns", "functions",
            "table_functions", "data_type_families", "table_engines", "time_zones", "formats");
    static final Set<String> OFFICER_VIEWS = Set.of("kpi_latest", "kpi_progress");
    /** Words that end a FROM clause at their nesting level. */
    static final Set<String> FROM_ENDS = Set.of("WHERE", "PREWHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION",
            "EXCEPT", "INTERSECT", "SELECT", "WINDOW", "QUALIFY", "OFFSET");
    private static final Pattern STREET = Pattern.compile("[a-z][a-z0-9_]*");

    private SqlGuard() {}

    /** A refused query: the HTTP status (400 malformed, 403 forbidden) and the reason. */
    public static final class Refusal extends RequestRefused {
        Refusal(int status, String message) {
            super(status, message);
        }
    }

    /** A checked statement: what to send (comments removed, limits appended later) and its kind. */
    public record Checked(String sql, String firstWord) {
        /** Whether ClickHouse accepts a trailing {@code SETTINGS} clause on it. */
        public boolean takesSettings() {
            return firstWord.equals("SELECT") || firstWord.equals("WITH");
        }
    }

    enum Kind { WORD, QUOTED_ID, STRING, NUMBER, SYMBOL }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isWord(String upper) {
            return kind == Kind.WORD && text.equalsIgnoreCase(upper);
        }

        /** An identifier, bare or quoted, lower case. */
        Optional<String> identifier() {
            return kind == Kind.WORD || kind == Kind.QUOTED_ID ? Optional.of(text.toLowerCase(Locale.ROOT)) : Optional.empty();
        }
    }

    /** Checks {@code sql} for a user; {@code street} is set for a street officer. */
    public static Checked check(String sql, Optional<String> street) {
        if (sql == null || sql.isBlank()) throw new Refusal(400, "empty query");
        if (sql.length() > 100_000) throw new Refusal(400, "query longer than 100000 characters");
        StringBuilder clean = new StringBuilder();
        List<Token> tokens = tokenize(sql, clean);
        if (tokens.isEmpty()) throw new Refusal(400, "empty query (only comments)");
        String first = tokens.get(0).kind() == Kind.WORD ? tokens.get(0).text().toUpperCase(Locale.ROOT) : "";
        if (!FIRST_WORDS.contains(first)) {
            throw new Refusal(403, "only SELECT, WITH, SHOW, DESCRIBE and EXPLAIN are allowed (read-only console), got '"
                    + tokens.get(0).text() + "'");
        }
        if (first.equals("SHOW")) {
            String second = tokens.size() > 1 ? tokens.get(1).text().toUpperCase(Locale.ROOT) : "";
            if (!SHOW_ALLOWED.contains(second)) {
                throw new Refusal(403, "only SHOW TABLES, SHOW DATABASES and SHOW COLUMNS are allowed, got SHOW " + second);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (t.kind() == Kind.WORD) {
                String upper = t.text().toUpperCase(Locale.ROOT);
                if (FORBIDDEN_WORDS.contains(upper)) {
                    throw new Refusal(403, "'" + t.text() + "' is not allowed in the read-only console"
                            + (upper.equals("SETTINGS") || upper.equals("SET") ? " (the server sets the query limits)" : ""));
                }
                if (upper.equals("SYSTEM") && (next == null || !next.is("."))) {
                    throw new Refusal(403, "SYSTEM statements are not allowed in the read-only console");
                }
                if (upper.equals("FORMAT") && (next == null || !next.is("("))) {
                    throw new Refusal(403, "FORMAT is not allowed: the console chooses the output format");
                }
            }
            if ((t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_ID) && next != null && next.is("(")) {
                String name = t.text().toLowerCase(Locale.ROOT);
                if (FORBIDDEN_FUNCTIONS.contains(name) || name.startsWith("dictget") || name.startsWith("url")
                        || name.startsWith("s3") || name.startsWith("azure") || name.startsWith("iceberg")
                        || name.startsWith("hdfs") || name.startsWith("remote") || name.startsWith("file")) {
                    throw new Refusal(403, "function '" + t.text() + "' is not allowed in the console (it reaches outside the server's tables)");
                }
            }
            if (t.identifier().filter(id -> id.equals("system")).isPresent() && next != null && next.is(".")) {
                Token table = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
                String name = table == null ? "" : table.identifier().orElse("");
                if (!SYSTEM_ALLOWED.contains(name)) {
                    throw new Refusal(403, "table system." + name + " is not readable from the console");
                }
            }
        }
        String text = clean.toString().strip();
        if (street.isEmpty()) return new Checked(text, first);
        return new Checked(officer(tokens, clean.toString(), first, street.get()), first);
    }

    /** A street officer's query: only the KPI views, each replaced by its rows of their street. */
    static String officer(List<Token> tokens, String clean, String first, String street) {
        if (!STREET.matcher(street).matches()) throw new IllegalStateException("bad street code " + street);
        if (!first.equals("SELECT") && !first.equals("WITH")) {
            throw new Refusal(403, "a street officer's console takes SELECT or WITH queries on kpi_latest and kpi_progress only");
        }
        // a comma in a FROM clause (an old-style cross join) would bring in a table nobody checked
        List<Boolean> inFrom = new ArrayList<>(List.of(false));
        for (Token t : tokens) {
            int depth = inFrom.size() - 1;
            if (t.is("(")) {
                inFrom.add(false);
            } else if (t.is(")")) {
                if (depth > 0) inFrom.remove(depth);
            } else if (t.isWord("FROM")) {
                inFrom.set(depth, true);
            } else if (t.kind() == Kind.WORD && FROM_ENDS.contains(t.text().toUpperCase(Locale.ROOT))) {
                inFrom.set(depth, false);
            } else if (t.is(",") && inFrom.get(depth)) {
                throw new Refusal(403, "a street officer's query may not list tables with ',' (use JOIN on kpi_latest/kpi_progress)");
            }
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isWord("FROM") || t.isWord("JOIN") || t.isWord("IN")) {
                Token target = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                if (target == null) continue;
                if (target.is("(")) continue; // a subquery (its FROM is checked in turn) or a list
                if (t.isWord("IN") && target.kind() != Kind.WORD && target.kind() != Kind.QUOTED_ID) continue;
                String name = target.identifier().orElse("");
                Token after = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
                if (!OFFICER_VIEWS.contains(name) || (after != null && (after.is(".") || after.is("(")))) {
                    throw new Refusal(403, "a street officer may only query kpi_latest and kpi_progress (got '"
                            + target.text() + "')");
                }
                out.append(clean, at, target.start())
                        .append("(SELECT * FROM ").append(name).append(" WHERE street = '").append(street).append("')");
                at = target.end();
            } else if (t.identifier().filter(id -> !OFFICER_VIEWS.contains(id)).isPresent()
                    && i + 1 < tokens.size() && tokens.get(i + 1).is(".")
                    && i + 2 < tokens.size() && tokens.get(i + 2).identifier().filter(OFFICER_VIEWS::contains).isPresent()) {
                throw new Refusal(403, "a street officer may only query kpi_latest and kpi_progress, unqualified");
            }
        }
        out.append(clean, at, clean.length());
        return "SELECT * FROM (" + out.toString().strip() + "\n) WHERE street = '" + street + "'";
    }

    /** Splits into tokens; {@code clean} receives the text with comments as spaces and a final ';' dropped. */
    static List<Token> tokenize(String sql, StringBuilder clean) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') i++;
                clean.append(' ');
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int j = i + 2;
                while (j < n && !(sql.charAt(j) == '*' && j + 1 < n && sql.charAt(j + 1) == '/')) {
                    if (sql.charAt(j) == '/' && j + 1 < n && sql.charAt(j + 1) == '*') {
                        throw new Refusal(400, "nested comments are not allowed");
                    }
                    j++;
                }
                if (j >= n) throw new Refusal(400, "unterminated comment /* ... */");
                i = j + 2;
                clean.append(' ');
            } else if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (j >= n) throw new Refusal(400, "unterminated quote " + c + " starting at character " + (i + 1));
                    char d = sql.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        value.append(sql.charAt(j + 1));
                        j += 2;
                    } else if (d == c && j + 1 < n && sql.charAt(j + 1) == c) {
                        value.append(c);
                        j += 2;
                    } else if (d == c) {
                        j++;
                        break;
                    } else {
                        value.append(d);
                        j++;
                    }
                }
                int start = clean.length();
                clean.append(sql, i, j);
                tokens.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_ID, value.toString(), start, clean.length()));
                i = j;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                clean.append(c);
                i++;
            } else if (c > 127) {
                throw new Refusal(400, String.format("character U+%04X outside quotes is not allowed (only ASCII SQL; "
                        + "Chinese text goes inside '...' or `...`)", (int) c));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int j = i;
                while (j < n && sql.charAt(j) < 128 && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) j++;
                int start = clean.length();
                clean.append(sql, i, j);
                tokens.add(new Token(Kind.WORD, sql.substring(i, j), start, clean.length()));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && sql.charAt(j) < 128 && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '.'
                        || ((sql.charAt(j) == '+' || sql.charAt(j) == '-') && (sql.charAt(j - 1) == 'e' || sql.charAt(j - 1) == 'E')))) j++;
                int start = clean.length();
                clean.append(sql, i, j);
                tokens.add(new Token(Kind.NUMBER, sql.substring(i, j), start, clean.length()));
                i = j;
            } else if (c == ';') {
                for (int j = i + 1; j < n; j++) {
                    char d = sql.charAt(j);
                    boolean comment = d == '-' && j + 1 < n && sql.charAt(j + 1) == '-' || d == '#';
                    if (comment) break;
                    if (!Character.isWhitespace(d)) {
                        throw new Refusal(400, "only one statement is allowed (found ';' followed by more text)");
                    }
                }
                // a final ';' (maybe followed by a line comment): dropped; anything after must be a comment
                String rest = sql.substring(i + 1);
                StringBuilder ignored = new StringBuilder();
                if (!tokenize(rest, ignored).isEmpty()) {
                    throw new Refusal(400, "only one statement is allowed (found ';' followed by more text)");
                }
                break;
            } else {
                int start = clean.length();
                clean.append(c);
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start, clean.length()));
                i++;
            }
        }
        return tokens;
    }
}
