package cn.binjiang.union.clickhouse;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Settings applied to a chDB session for one statement and put back afterwards. chDB sessions outlive
 * requests (pooled, or an HTTP session), so each setting a request names is restored to the value it had
 * before, not to a default: an HTTP session's own {@code SET} survives a request that overrides it.
 */
final class SettingsScope implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ChdbConnection connection;
    /** Setting → value before the request, or null when it was at its default. */
    private final Map<String, String> previous;

    private SettingsScope(ChdbConnection connection, Map<String, String> previous) {
        this.connection = connection;
        this.previous = previous;
    }

    /** A setting's value in a session, and whether it differs from chDB's own default. */
    record Current(boolean changed, String value) {}

    /**
     * Applies the client's {@code requested} settings and the server's {@code internal} ones, and remembers
     * them and {@code alsoRestore} (names a statement will change itself) for {@link #close}. Unknown names fail
     * with UNKNOWN_SETTING before anything changes. With {@code readOnly} (ClickHouse's readonly=1) a client may
     * only name a setting at the value it already has, which is what drivers send on every request.
     *
     * <p>{@code known}: settings whose values before the request are known without asking chDB ({@link SessionDefaults}
     * for a pooled session); reading {@code system.settings} is the dearest of the calls a request makes.
     */
    static SettingsScope apply(
            ChdbConnection connection,
            Map<String, String> requested,
            Map<String, String> internal,
            Collection<String> alsoRestore,
            boolean readOnly,
            Map<String, Current> known) {
        Map<String, String> settings = new LinkedHashMap<>(requested);
        settings.putAll(internal);
        Set<String> names = new LinkedHashSet<>(settings.keySet());
        names.addAll(alsoRestore);
        if (names.isEmpty()) {
            return new SettingsScope(connection, Map.of());
        }
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw unknown(name);
            }
        }
        Set<String> toRead = new LinkedHashSet<>(names);
        toRead.removeAll(known.keySet());
        Map<String, Current> current = toRead.isEmpty()
                ? new LinkedHashMap<>()
                : snapshot(
                        connection,
                        "name IN (" + toRead.stream().map(Sql::quote).collect(Collectors.joining(", ")) + ")");
        for (String name : names) {
            if (!toRead.contains(name)) {
                current.put(name, known.get(name));
            }
        }
        for (String name : settings.keySet()) {
            if (!current.containsKey(name)) {
                throw unknown(name);
            }
        }
        if (readOnly) {
            for (Map.Entry<String, String> r : requested.entrySet()) {
                if (!internal.containsKey(r.getKey())
                        && !current.get(r.getKey()).value().equals(r.getValue())) {
                    throw new ClickHouseException(
                            ClickHouseException.READONLY,
                            "Cannot modify '" + r.getKey() + "' setting in readonly mode. (READONLY)");
                }
                settings.remove(r.getKey());
            }
            settings.putAll(internal);
        }
        Map<String, String> previous = new LinkedHashMap<>();
        current.forEach((name, c) -> previous.put(name, c.changed() ? c.value() : null));
        SettingsScope scope = new SettingsScope(connection, previous);
        if (!settings.isEmpty()) {
            try {
                connection.execute("SET " + assignments(settings), "TabSeparated");
            } catch (RuntimeException e) {
                scope.close();
                throw e;
            }
        }
        return scope;
    }

    /**
     * {@code a = 'x', b = 'y'}: the settings as a SET statement or a query's SETTINGS clause writes them. A name that
     * is not a setting's name fails with UNKNOWN_SETTING (names come from clients).
     */
    static String assignments(Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> s : settings.entrySet()) {
            if (!NAME.matcher(s.getKey()).matches()) {
                throw unknown(s.getKey());
            }
            out.append(out.isEmpty() ? "" : ", ")
                    .append(s.getKey())
                    .append(" = ")
                    .append(Sql.quote(s.getValue()));
        }
        return out.toString();
    }

    /** Restores every remembered setting; a failure leaves the session in an unknown state (discard it). */
    @Override
    public void close() {
        if (previous.isEmpty()) {
            return;
        }
        connection.execute(
                previous.entrySet().stream()
                        .map(p -> p.getKey() + " = " + (p.getValue() == null ? "DEFAULT" : Sql.quote(p.getValue())))
                        .collect(Collectors.joining(", ", "SET ", "")),
                "TabSeparated");
    }

    /** The settings {@code condition} selects from {@code system.settings}, as they are in the connection's session. */
    static Map<String, Current> snapshot(ChdbConnection connection, String condition) {
        String rows = connection
                .execute("SELECT name, changed, value FROM system.settings WHERE " + condition, "TabSeparated")
                .text();
        Map<String, Current> current = new LinkedHashMap<>();
        for (String row : rows.split("\n")) {
            String[] f = row.split("\t", 3);
            if (f.length == 3) {
                current.put(f[0], new Current(f[1].equals("1"), Sql.unescapeTsv(f[2])));
            }
        }
        return current;
    }

    private static ClickHouseException unknown(String name) {
        return new ClickHouseException(
                ClickHouseException.UNKNOWN_SETTING, "Unknown setting '" + name + "'. (UNKNOWN_SETTING)");
    }
}
