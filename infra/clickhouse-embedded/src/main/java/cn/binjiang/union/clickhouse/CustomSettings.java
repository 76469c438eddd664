package cn.binjiang.union.clickhouse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Custom settings: a server accepts any setting whose name starts with one of its {@code custom_settings_prefixes}
 * (a URL parameter, a SETTINGS clause, a session's SET) and gives its value back through {@code getSetting}. A stock
 * server's configuration names {@code SQL_} (set by Tableau and other MySQL-minded tools); {@code custom_} is the
 * prefix
 * of ClickHouse's own examples of the feature. chDB never registers prefixes (its embedded server leaves the access
 * control's list empty, whatever configuration it is given), so it refuses every such name with UNKNOWN_SETTING: the
 * server keeps them itself. They never reach the engine: their assignments are cut from the statement, and a
 * {@code getSetting('name')} (or {@code getSettingOrDefault}) of one that is set is replaced by its value, as the
 * literal it was set with, of that literal's type (a URL parameter's value is a string, as on a server).
 */
final class CustomSettings {
    private static final List<String> PREFIXES = List.of("SQL_", "custom_");
    /** Statements whose SETTINGS clause is the table's (storage settings), not the query's. */
    private static final Set<String> STORAGE_SETTINGS_KINDS = Set.of("CREATE", "ATTACH");

    private CustomSettings() {}

    static boolean isCustom(String name) {
        return PREFIXES.stream().anyMatch(p -> name.startsWith(p) && name.length() > p.length());
    }

    /** Removes the custom settings from a request's URL settings and returns them, each as a string literal. */
    static Map<String, String> takeFrom(Map<String, String> settings) {
        Map<String, String> custom = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, String>> i = settings.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, String> s = i.next();
            if (isCustom(s.getKey())) {
                custom.put(s.getKey(), Sql.quote(s.getValue()));
                i.remove();
            }
        }
        return custom;
    }

    /**
     * A statement as the engine is to run it, and the custom settings a SET in it assigns ({@code DEFAULT} to unset
     * one). The engine's statement is empty when nothing is left of it (a SET of custom settings only).
     */
    record Applied(SqlStatement statement, Map<String, String> assigned) {}

    /** {@code statement} with its custom settings taken out and {@code known} ones (name: literal) read into it. */
    static Applied apply(SqlStatement statement, Map<String, String> known) {
        boolean set = statement.kind().equals("SET");
        List<StatementSettings.SettingsList> lists = STORAGE_SETTINGS_KINDS.contains(statement.kind())
                ? List.of()
                : statement.settings().lists();
        Map<String, String> values = new HashMap<>(known);
        Map<String, String> assigned = new LinkedHashMap<>();
        List<Edit> edits = new ArrayList<>();
        for (StatementSettings.SettingsList list : lists) {
            List<StatementSettings.Assignment> kept =
                    list.assignments().stream().filter(a -> !isCustom(a.name())).toList();
            if (kept.size() == list.assignments().size()) {
                continue;
            }
            list.assignments().stream()
                    .filter(a -> isCustom(a.name()))
                    .forEach(a -> (set ? assigned : values).put(a.name(), a.value()));
            String keptText =
                    kept.stream().map(a -> a.name() + " = " + a.value()).collect(Collectors.joining(", "));
            edits.add(new Edit(
                    set ? 0 : list.start(), list.end(), kept.isEmpty() ? "" : (set ? "SET " : "SETTINGS ") + keptText));
        }
        for (StatementSettings.SettingRead read : statement.settings().reads()) {
            String value = values.get(read.name());
            if (value != null && isCustom(read.name())) {
                // a constant of the literal's type, which a table function's argument or a LIMIT can take, and which
                // GROUP BY or ORDER BY do not read as a column's position; named as the call names its column
                edits.add(new Edit(
                        read.start(),
                        read.end(),
                        "(tuple(" + value + ").1 AS " + Sql.quoteIdentifier(read.call()) + ")"));
            }
        }
        if (edits.isEmpty()) {
            return new Applied(statement, assigned);
        }
        StringBuilder sql = new StringBuilder();
        int at = 0;
        for (Edit edit :
                edits.stream().sorted(Comparator.comparingInt(Edit::start)).toList()) {
            sql.append(statement.sql(), at, edit.start()).append(edit.text());
            at = edit.end();
        }
        String rest = statement.sql().substring(at);
        return new Applied(SqlStatement.parse(set && sql.isEmpty() ? "" : sql + rest), assigned);
    }

    /** A body INSERT without the custom settings of its own SETTINGS clause, which have nothing to act on there. */
    static QueryPlan.FileInsert withoutCustom(QueryPlan.FileInsert insert) {
        SqlStatement.InsertHead head = insert.head();
        if (head.settings().isEmpty()) {
            return insert;
        }
        List<StatementSettings.Assignment> all =
                SqlStatement.parse("SET " + head.settings()).settings().lists().stream()
                        .flatMap(l -> l.assignments().stream())
                        .toList();
        if (all.stream().noneMatch(a -> isCustom(a.name()))) {
            return insert;
        }
        String kept = all.stream()
                .filter(a -> !isCustom(a.name()))
                .map(a -> a.name() + " = " + a.value())
                .collect(Collectors.joining(", "));
        return new QueryPlan.FileInsert(new SqlStatement.InsertHead(head.target(), kept, head.format()), insert.file());
    }

    private record Edit(int start, int end, String text) {}
}
