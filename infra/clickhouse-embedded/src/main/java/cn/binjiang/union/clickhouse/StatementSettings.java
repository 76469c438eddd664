package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.SqlStatement.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings a statement assigns or reads, found in its tokens: a SET statement's assignments, its top-level
 * {@code SETTINGS} clauses and its calls of {@code getSetting('name')}. The server undoes a pooled session's SET,
 * keeps custom settings ({@link CustomSettings}) and reports the session time zone in its headers.
 */
final class StatementSettings {
    private final SqlStatement statement;
    private final List<Token> tokens;

    StatementSettings(SqlStatement statement) {
        this.statement = statement;
        this.tokens = statement.tokens();
    }

    /** {@code name = value} in a SETTINGS clause or a SET statement, {@code value} as written. */
    record Assignment(String name, String value) {}

    /**
     * The assignments of a SET statement, or of one top-level {@code SETTINGS} clause, and the text they take: from
     * the clause's keyword (a SET's first name) to the last value.
     */
    record SettingsList(int start, int end, List<Assignment> assignments) {}

    /**
     * A call reading a setting by a literal name, {@code getSetting('name')} or {@code getSettingOrDefault('name', d)};
     * {@code call} is its text as the engine formats it, the name of a result column it is.
     */
    record SettingRead(String name, String call, int start, int end) {}

    /** Names assigned by a {@code SET a = 1, b = 2} statement, so the server can undo them afterwards. */
    List<String> assigned() {
        List<String> names = new ArrayList<>();
        if (!statement.kind().equals("SET")) {
            return names;
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.word()
                    && t.depth() == 0
                    && text(i + 1).equals("=")
                    && (i == 1 || text(i - 1).equals(","))) {
                names.add(text(i));
            }
        }
        return names;
    }

    /**
     * The value the statement's own top-level {@code SETTINGS} clause gives {@code name}: a string literal's text, or
     * the value as written. The server reports some settings in its headers (the session time zone).
     */
    Optional<String> clauseValue(String name) {
        int settings = statement.topLevelKeyword("SETTINGS");
        for (int i = settings + 1; settings >= 0 && i + 2 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() == 0 && t.word() && text(i).equalsIgnoreCase("FORMAT")) {
                break;
            }
            if (t.depth() == 0
                    && t.word()
                    && text(i).equals(name)
                    && text(i + 1).equals("=")) {
                String value = text(i + 2);
                return Optional.of(
                        value.length() >= 2 && value.startsWith("'") && value.endsWith("'")
                                ? value.substring(1, value.length() - 1)
                                : value);
            }
        }
        return Optional.empty();
    }

    /**
     * The SET statement's assignments, or those of each top-level SETTINGS clause (a query may have one after FORMAT
     * too).
     */
    List<SettingsList> lists() {
        List<SettingsList> lists = new ArrayList<>();
        if (statement.kind().equals("SET")) {
            assignments(1)
                    .ifPresent(a -> lists.add(new SettingsList(tokens.get(1).start(), a.end(), a.assignments())));
            return lists;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.word() && t.depth() == 0 && text(i).equalsIgnoreCase("SETTINGS")) {
                assignments(i + 1).ifPresent(a -> lists.add(new SettingsList(t.start(), a.end(), a.assignments())));
            }
        }
        return lists;
    }

    List<SettingRead> reads() {
        List<SettingRead> reads = new ArrayList<>();
        for (int i = 0; i + 3 < tokens.size(); i++) {
            String function = text(i);
            Token name = tokens.get(i + 2);
            if (tokens.get(i).word()
                    && (function.equals("getSetting") || function.equals("getSettingOrDefault"))
                    && text(i + 1).equals("(")
                    && text(i + 2).startsWith("'")) {
                int depth = tokens.get(i + 1).depth();
                for (int j = i + 3; j < tokens.size(); j++) {
                    if (tokens.get(j).depth() == depth && text(j).equals(")")) {
                        String setting = unquoteString(statement.text(name));
                        String rest = j == i + 3
                                ? ""
                                : ", "
                                        + statement
                                                .sql()
                                                .substring(
                                                        tokens.get(i + 4).start(),
                                                        tokens.get(j).start())
                                                .strip();
                        reads.add(new SettingRead(
                                setting,
                                function + "(" + Sql.quote(setting) + rest + ")",
                                tokens.get(i).start(),
                                tokens.get(j).end()));
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
        while (i + 2 < tokens.size() && tokens.get(i).name() && text(i + 1).equals("=")) {
            int last = valueEnd(i + 2);
            list.add(new Assignment(
                    SqlStatement.unquote(text(i)),
                    statement
                            .sql()
                            .substring(
                                    tokens.get(i + 2).start(), tokens.get(last).end())));
            end = tokens.get(last).end();
            if (last + 1 >= tokens.size() || !text(last + 1).equals(",")) {
                break;
            }
            i = last + 2;
        }
        return list.isEmpty() ? Optional.empty() : Optional.of(new SettingsList(-1, end, list));
    }

    /**
     * The last token of a setting's value starting at token {@code i}: a literal, a signed number or a bracketed one.
     */
    private int valueEnd(int i) {
        String first = text(i);
        if ((first.equals("-") || first.equals("+")) && i + 1 < tokens.size()) {
            return i + 1;
        }
        if (first.equals("(") || first.equals("[") || first.equals("{")) {
            int depth = tokens.get(i).depth();
            for (int j = i + 1; j < tokens.size(); j++) {
                if (tokens.get(j).depth() == depth) {
                    return j;
                }
            }
        }
        return i;
    }

    private String text(int token) {
        return statement.text(tokens.get(token));
    }

    private static String unquoteString(String literal) {
        return literal.substring(1, Math.max(1, literal.length() - 1))
                .replace("''", "'")
                .replace("\\'", "'")
                .replace("\\\\", "\\");
    }
}
