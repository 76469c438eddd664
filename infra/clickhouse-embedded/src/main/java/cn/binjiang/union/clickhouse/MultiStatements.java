package cn.binjiang.union.clickhouse;

import java.nio.charset.StandardCharsets;

/**
 * ClickHouse's refusal of a request text that holds more than one statement, worded as a server words it: its parser's
 * {@code Syntax error (Multi-statements are not allowed): failed at position N (end of query): ; SELECT 2. }, with the
 * byte position of the semicolon, the line and column of a text of several lines and the text after it cut to a display
 * width. The engine's own parser gives that text: {@code formatQuery} parses as a server parses a request, one
 * statement allowed, and does not run it. chDB itself would run every statement.
 */
final class MultiStatements {
    /** What the engine adds to an error of a function: the scope it was evaluated in, which a server does not have. */
    private static final String SCOPE = ": In scope SELECT formatQuery(";

    private static final int SHOWN_CHARS = 160;

    private MultiStatements() {}

    /**
     * The refusal of {@code statement}, a text with more than one statement (see {@link SqlStatement#secondStatement}).
     */
    static ClickHouseException refusal(ChdbConnection connection, SqlStatement statement) {
        String sql = statement.sql();
        try {
            connection.execute("SELECT formatQuery(" + Sql.quote(sql) + ")", "TSVRaw");
        } catch (ClickHouseException e) {
            int scope = e.getMessage().indexOf(SCOPE);
            if (e.code() != ClickHouseException.SYNTAX_ERROR || scope < 0) {
                throw e;
            }
            return syntaxError(e.getMessage().substring(0, scope));
        }
        // The engine parses what follows an INSERT's VALUES as its data, so it does not see a second statement there.
        int semicolon = statement.secondStatement();
        String rest = sql.substring(semicolon);
        return syntaxError("Syntax error (Multi-statements are not allowed): failed at position "
                + (sql.substring(0, semicolon).getBytes(StandardCharsets.UTF_8).length + 1) + " (end of query): "
                + (rest.length() > SHOWN_CHARS ? rest.substring(0, SHOWN_CHARS) + "... " : rest + ". "));
    }

    /** ClickHouse ends an exception's message with a full stop, then its error's name. */
    private static ClickHouseException syntaxError(String message) {
        return new ClickHouseException(
                ClickHouseException.SYNTAX_ERROR, message + (message.endsWith(".") ? "" : ".") + " (SYNTAX_ERROR)");
    }
}
