package cn.binjiang.union.clickhouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs one HTTP query on the engine with ClickHouse's HTTP semantics: per-request database and settings
 * (applied before and reset after, since chDB's sessions outlive requests), read-only rules, streaming of
 * results that can be streamed and a size bound on those that cannot.
 */
final class QueryExecutor {
    /** What a request asks for, after authentication and body handling. */
    record Request(QueryPlan plan, String database, String outputFormat, Map<String, String> settings,
            Map<String, String> parameters, boolean readOnlyUser, boolean readOnlyMethod) {}

    private static final Set<String> READ_KINDS = Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN");
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ChdbEngine engine;
    private final long maxResultBytes;

    QueryExecutor(ChdbEngine engine, long maxResultBytes) {
        this.engine = engine;
        this.maxResultBytes = maxResultBytes;
    }

    void run(Request request, QueryResponse response) throws IOException {
        SqlStatement statement = request.plan().statement();
        if (statement.isEmpty()) {
            throw new ClickHouseException(ClickHouseException.SYNTAX_ERROR, "Empty query. (SYNTAX_ERROR)");
        }
        if (statement.isMultiStatement()) {
            throw new ClickHouseException(ClickHouseException.SYNTAX_ERROR,
                    "Syntax error (Multi-statements are not allowed): one statement per request. (SYNTAX_ERROR)");
        }
        Map<String, String> settings = new LinkedHashMap<>(request.settings());
        String readonly = settings.remove("readonly");
        if (readonly != null && !readonly.matches("[012]")) {
            throw new ClickHouseException(ClickHouseException.BAD_ARGUMENTS, "Setting readonly must be 0, 1 or 2, not '" + readonly + "'. (BAD_ARGUMENTS)");
        }
        // readonly=1 forbids setting changes as well as writes; a read-only user always has it.
        boolean strict = request.readOnlyUser() || "1".equals(readonly);
        if (request.readOnlyUser() && "0".equals(readonly) || request.readOnlyUser() && "2".equals(readonly)) {
            throw readOnly("readonly");
        }
        if (strict && statement.kind().equals("SET")) {
            throw readOnly(statement.assignedSettings().stream().findFirst().orElse("SET"));
        }
        // A SET outlives the request on a chDB session; on the read-only session ClickHouse itself refuses
        // SET readonly, which could otherwise leave the read-write session read-only for good.
        boolean readOnlySession = strict || request.readOnlyMethod() || readonly != null && !readonly.equals("0")
                || statement.kind().equals("SET");
        // chDB's readonly=2 lets INSERT INTO FUNCTION through, so read-only requests are also held to the
        // statement kinds that only read; chDB's own check still covers everything inside them.
        if (readOnlySession && !READ_KINDS.contains(statement.kind()) && !statement.kind().equals("SET")) {
            throw new ClickHouseException(ClickHouseException.READONLY, "Cannot execute query in readonly mode. (READONLY)");
        }
        Optional<StreamableFormat> streamable = statement.isSelect() ? StreamableFormat.of(request.outputFormat()) : Optional.empty();
        Map<String, String> serverSettings = new LinkedHashMap<>();
        if (statement.isSelect() && streamable.isEmpty() && !settings.containsKey("max_result_bytes")
                && !settings.containsKey("result_overflow_mode")) {
            // Bounds chDB's own memory for a result it must build whole; the byte check below bounds the heap.
            serverSettings.put("max_result_bytes", Long.toString(maxResultBytes));
            serverSettings.put("result_overflow_mode", "throw");
        }
        byte[] sql = statement.sql().getBytes(StandardCharsets.UTF_8);

        ChdbEngine.Result materialized = engine.exclusively(readOnlySession, session -> {
            session.execute("USE " + quoteIdentifier(request.database()), "TabSeparated");
            List<String> applied = new ArrayList<>();
            try {
                if (strict) {
                    requireUnchanged(session, settings);
                } else {
                    apply(session, settings, applied);
                }
                apply(session, serverSettings, applied);
                applied.addAll(statement.assignedSettings());
                if (streamable.isPresent()) {
                    try {
                        stream(session, sql, request, streamable.get(), response);
                        return null;
                    } catch (ClickHouseException e) {
                        if (response.committed() || !e.getMessage().contains("Streaming query is not supported")) {
                            throw e;
                        }
                    }
                }
                return session.execute(sql, request.outputFormat(), request.parameters(), maxResultBytes);
            } finally {
                reset(session, applied);
            }
        });
        if (materialized != null) {
            // Written after the engine is released: a slow client must not hold up the others.
            response.stats(materialized.stats());
            response.write(materialized.data(), 0, materialized.data().length);
            response.complete();
        }
    }

    private static void stream(ChdbEngine.Session session, byte[] sql, Request request, StreamableFormat format,
            QueryResponse response) throws IOException {
        boolean[] first = {true};
        ChdbEngine.Stats stats = session.stream(sql, request.outputFormat(), request.parameters(), chunk -> {
            int skip = format.repeatedHeaderLength(chunk, first[0]);
            first[0] = false;
            response.write(chunk, skip, chunk.length - skip);
        });
        response.stats(stats);
        response.complete();
    }

    private static void apply(ChdbEngine.Session session, Map<String, String> settings, List<String> applied) {
        if (settings.isEmpty()) {
            return;
        }
        StringBuilder set = new StringBuilder("SET ");
        settings.forEach((name, value) -> set.append(checkedName(name)).append(" = ").append(quoteString(value)).append(", "));
        session.execute(set.substring(0, set.length() - 2), "TabSeparated");
        applied.addAll(settings.keySet());
    }

    /** What ClickHouse allows a readonly=1 user: naming a setting at the value it already has. */
    private static void requireUnchanged(ChdbEngine.Session session, Map<String, String> settings) {
        for (Map.Entry<String, String> s : settings.entrySet()) {
            String current = session.execute("SELECT value FROM system.settings WHERE name = {name:String}".getBytes(StandardCharsets.UTF_8),
                    "TabSeparated", Map.of("name", checkedName(s.getKey())), Long.MAX_VALUE).text();
            if (current.isEmpty()) {
                throw unknownSetting(s.getKey());
            }
            if (!current.strip().equals(s.getValue())) {
                throw readOnly(s.getKey());
            }
        }
    }

    private static void reset(ChdbEngine.Session session, List<String> names) {
        for (String name : names) {
            if (SETTING_NAME.matcher(name).matches()) {
                try {
                    String value = ChdbEngine.SERVER_DEFAULTS.get(name);
                    session.execute("SET " + name + " = " + (value == null ? "DEFAULT" : value), "TabSeparated");
                } catch (ClickHouseException ignored) {
                    // A setting that never got applied (e.g. unknown) has nothing to undo.
                }
            }
        }
    }

    private static String checkedName(String name) {
        if (!SETTING_NAME.matcher(name).matches()) {
            throw unknownSetting(name);
        }
        return name;
    }

    private static ClickHouseException unknownSetting(String name) {
        return new ClickHouseException(ClickHouseException.UNKNOWN_SETTING, "Unknown setting '" + name + "'. (UNKNOWN_SETTING)");
    }

    private static ClickHouseException readOnly(String setting) {
        return new ClickHouseException(ClickHouseException.READONLY,
                "Cannot modify '" + setting + "' setting in readonly mode. (READONLY)");
    }

    static String quoteIdentifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    private static String quoteString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
