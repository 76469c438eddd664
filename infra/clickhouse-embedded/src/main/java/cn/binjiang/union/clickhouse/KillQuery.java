package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.SqlStatement.Token;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code KILL QUERY [ON CLUSTER c] WHERE cond [SYNC|ASYNC|TEST] [FORMAT f]} taken apart: the condition and what
 * follows it, so that the server can run it on its own list of queries ({@link ProcessList}).
 */
record KillQuery(String condition, String mode, String formatClause) {
    static Optional<KillQuery> of(SqlStatement statement) {
        List<Token> tokens = statement.tokens();
        if (!statement.kind().equals("KILL")
                || tokens.size() < 3
                || !statement.text(tokens.get(1)).equalsIgnoreCase("QUERY")) {
            return Optional.empty();
        }
        int where = -1;
        for (int i = 2; i < tokens.size(); i++) {
            if (tokens.get(i).word()
                    && tokens.get(i).depth() == 0
                    && statement.text(tokens.get(i)).equalsIgnoreCase("WHERE")) {
                where = i;
                break;
            }
        }
        if (where < 0 || where + 1 >= tokens.size()) {
            return Optional.empty();
        }
        int end = tokens.size();
        int format = statement.formatKeywordIndex();
        if (format > where) {
            end = format;
        }
        String mode = "";
        Token last = tokens.get(end - 1);
        if (end - 1 > where
                && last.word()
                && last.depth() == 0
                && Set.of("SYNC", "ASYNC", "TEST").contains(statement.text(last).toUpperCase(Locale.ROOT))) {
            end--;
            mode = statement.text(last).toUpperCase(Locale.ROOT);
        }
        String sql = statement.sql();
        String condition =
                sql.substring(tokens.get(where + 1).start(), tokens.get(end - 1).end());
        String formatClause = format > where
                ? sql.substring(
                        tokens.get(format).start(), tokens.get(format + 1).end())
                : "";
        return Optional.of(new KillQuery(condition, mode, formatClause));
    }
}
