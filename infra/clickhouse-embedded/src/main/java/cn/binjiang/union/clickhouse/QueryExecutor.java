package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.ast.StatementReads;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one HTTP query on the engine with ClickHouse's HTTP semantics: a session of its own (pooled, or the
 * HTTP session's), per-request database and settings, read-only and database rules, a query id other clients
 * can see and kill, streaming of results that can be streamed and a size bound on those that cannot.
 *
 * <p>Longer than 300 lines on purpose: the order of its checks before a statement reaches the engine is ClickHouse's, and reads best in one place.
 */
final class QueryExecutor {
    /** What a request asks for, after authentication and body handling. */
    record Request(
            QueryPlan plan,
            Optional<String> database,
            String outputFormat,
            Map<String, String> settings,
            Map<String, String> parameters,
            UserDirectory.User user,
            boolean readOnlyMethod,
            String queryId,
            Optional<HttpSessions.Session> session) {}

    private static final Logger LOG = LoggerFactory.getLogger(QueryExecutor.class);
    private static final Set<String> READ_KINDS =
            Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN");
    private static final String QUEUE_WAIT_SETTING = "queue_max_wait_ms";
    /** Statements of full-access users are parsed only when they might write a file on the server. */
    private static final Pattern OUTFILE = Pattern.compile("(?i)outfile");

    private final ConnectionPool pool;
    private final ProcessList processes;
    private final SystemTableViews views;
    private final long maxResultBytes;
    private final long defaultQueueWaitMillis;
    private final Cache<String, StatementReads> parses =
            Caffeine.newBuilder().maximumSize(10_000).build();
    private final DatabaseNames databaseNames = new DatabaseNames();
    private final InsertColumns insertColumns = new InsertColumns();
    /** A pooled session is back at the server's defaults after every request (its settings scope restores them). */
    private final SessionDefaults sessionDefaults = new SessionDefaults();

    QueryExecutor(ConnectionPool pool, ProcessList processes, long maxResultBytes, long defaultQueueWaitMillis) {
        this.pool = pool;
        this.processes = processes;
        this.views = new SystemTableViews(processes);
        this.maxResultBytes = maxResultBytes;
        this.defaultQueueWaitMillis = defaultQueueWaitMillis;
    }

    void run(Request request, QueryResponse response) throws IOException {
        SqlStatement statement = request.plan().statement();
        if (statement.isEmpty()) {
            throw new ClickHouseException(ClickHouseException.SYNTAX_ERROR, "Empty query. (SYNTAX_ERROR)");
        }
        OptionalInt unexpectedStart = statement.unexpectedStart();
        if (unexpectedStart.isPresent()) {
            throw new ClickHouseException(
                    ClickHouseException.SYNTAX_ERROR,
                    "Syntax error: failed at position " + unexpectedStart.getAsInt()
                            + ": a statement starts with a keyword or '('. (SYNTAX_ERROR)");
        }
        int nul = request.plan().clientSql().indexOf('\0');
        if (nul >= 0) {
            // chDB takes the statement as a C string: it would run the text before the NUL and drop the rest
            throw new ClickHouseException(
                    ClickHouseException.SYNTAX_ERROR,
                    "Syntax error: the query holds a NUL byte at position " + (nul + 1)
                            + "; send binary values as query parameters or INSERT data. (SYNTAX_ERROR)");
        }
        Map<String, String> settings = new LinkedHashMap<>(request.settings());
        long queueWait = parseWait(settings.getOrDefault(QUEUE_WAIT_SETTING, Long.toString(defaultQueueWaitMillis)));
        if (statement.isMultiStatement()) {
            // refused before anything else, as a server's parser refuses it before the statement is looked at
            try (ConnectionPool.Lease lease = pool.acquire(true, queueWait)) {
                throw MultiStatements.refusal(lease.connection(), statement);
            }
        }
        UserDirectory.User user = request.user();
        String readonly = settings.remove("readonly");
        if (readonly != null && !readonly.matches("[012]")) {
            throw new ClickHouseException(
                    ClickHouseException.BAD_ARGUMENTS,
                    "Setting readonly must be 0, 1 or 2, not '" + readonly + "'. (BAD_ARGUMENTS)");
        }
        // readonly=1 forbids setting changes as well as writes; a read-only user always has it.
        boolean strict = user.readOnly() || "1".equals(readonly);
        if (user.readOnly() && ("0".equals(readonly) || "2".equals(readonly))) {
            throw readOnly("readonly");
        }
        if (strict && statement.kind().equals("SET")) {
            throw readOnly(statement.settings().assigned().stream().findFirst().orElse("SET"));
        }
        Map<String, String> custom = CustomSettings.takeFrom(settings);
        Map<String, String> sessionCustom =
                request.session().map(s -> s.connection().customSettings()).orElse(Map.of());
        if (strict) {
            for (Map.Entry<String, String> c : custom.entrySet()) {
                if (!c.getValue().equals(sessionCustom.get(c.getKey()))) {
                    throw readOnly(c.getKey());
                }
            }
        }
        Optional<KillQuery> kill = KillQuery.of(statement);
        // Outside an HTTP session a SET would outlive the request on a pooled chDB session; on a read-only one
        // ClickHouse itself refuses SET readonly, which could otherwise leave a read-write session read-only.
        boolean readOnlySession = strict
                || request.readOnlyMethod()
                || readonly != null && !readonly.equals("0")
                || statement.kind().equals("SET") && request.session().isEmpty();
        // chDB's readonly=2 lets INSERT INTO FUNCTION through, so read-only requests are also held to the
        // statement kinds that only read; chDB's own check still covers everything inside them. KILL QUERY is
        // allowed (only the user's own queries, unless the user has full access), as in ClickHouse.
        if (readOnlySession
                && !READ_KINDS.contains(statement.kind())
                && !statement.kind().equals("SET")
                && kill.isEmpty()) {
            throw new ClickHouseException(
                    ClickHouseException.READONLY, "Cannot execute query in readonly mode. (READONLY)");
        }
        ChdbConnection.Result materialized;
        try (ConnectionPool.Lease lease = request.session()
                        .map(s -> pool.acquire(s.connection(), queueWait))
                        .orElseGet(() -> pool.acquire(readOnlySession && kill.isEmpty(), queueWait));
                AutoCloseable ignored =
                        processes.register(request.queryId(), user.name(), user.maxConcurrentQueries())) {
            ChdbConnection connection = lease.connection();
            // A pooled session keeps the last request's database; an HTTP session keeps its own USE.
            Optional<String> database = request.session().isPresent()
                    ? request.database()
                    : request.database().or(() -> Optional.of("default"));
            database.ifPresent(connection::use);
            Optional<StatementReads> reads = !user.fullAccess()
                            || OUTFILE.matcher(request.plan().clientSql()).find()
                    ? Optional.of(parse(connection, request))
                    : Optional.empty();
            if (!user.fullAccess()) {
                String current = database.orElseGet(() -> connection
                        .execute("SELECT currentDatabase()", "TabSeparated")
                        .text()
                        .strip());
                AccessPolicy.check(
                        user,
                        reads.orElseThrow(),
                        statement,
                        current,
                        user.databases().isEmpty() ? Set.of() : databaseNames.get(connection));
            }
            Optional<QueryPlan.FileInsert> fileInsert = request.plan()
                    .fileInsert()
                    .map(CustomSettings::withoutCustom)
                    .map(f -> insertColumns.complete(f, connection));
            Map<String, String> known = new HashMap<>(sessionCustom);
            known.putAll(custom);
            CustomSettings.Applied applied = CustomSettings.apply(
                    fileInsert.map(f -> SqlStatement.parse(f.sql(""))).orElse(statement), known);
            String sql = kill.map(k -> processes.killStatement(k, user.name(), user.fullAccess()))
                    .orElseGet(() -> views.rewrite(applied.statement(), reads, user));
            try {
                materialized = run(request, applied.statement(), sql, fileInsert, settings, strict, lease, response);
                if (request.session().isPresent()) {
                    applied.assigned().forEach((name, value) -> {
                        if (value.equalsIgnoreCase("DEFAULT")) {
                            connection.customSettings().remove(name);
                        } else {
                            connection.customSettings().put(name, value);
                        }
                    });
                }
            } catch (ClickHouseException e) {
                throw fileInsert.map(f -> f.withoutSpool(e)).orElse(e);
            } finally {
                databaseNames.ran(statement);
                insertColumns.ran(statement);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // The HTTP session is free before the client has the whole answer, or its next request could find it
        // still taken (SESSION_IS_LOCKED): the chDB session's lease and settings are already given back.
        request.session().ifPresent(HttpSessions.Session::close);
        if (materialized != null) {
            // Written after the session is released: a slow client must not hold a query slot.
            response.stats(materialized.stats());
            response.write(materialized.data(), 0, materialized.data().length);
        }
        response.complete();
    }

    /** Runs the statement; a streamed result is already sent, a materialized one is returned (else null). */
    private ChdbConnection.Result run(
            Request request,
            SqlStatement statement,
            String sql,
            Optional<QueryPlan.FileInsert> fileInsert,
            Map<String, String> settings,
            boolean readOnly,
            ConnectionPool.Lease lease,
            QueryResponse response)
            throws IOException {
        Optional<StreamableFormat> streamable =
                statement.isSelect() ? StreamableFormat.of(request.outputFormat()) : Optional.empty();
        // the user's profile: applied on every statement and never from the request (readonly=1 semantics)
        Map<String, String> internal = new LinkedHashMap<>(request.user().engineSettings());
        if (statement.isSelect()
                && streamable.isEmpty()
                && !internal.containsKey("max_result_bytes")
                && !settings.containsKey("max_result_bytes")
                && !settings.containsKey("result_overflow_mode")) {
            // Bounds chDB's own memory for a result it must build whole; the byte check below bounds the heap.
            internal.put("max_result_bytes", Long.toString(maxResultBytes));
            internal.put("result_overflow_mode", "throw");
        }
        if (!settings.containsKey(ProcessList.TAG_SETTING)) {
            internal.put(ProcessList.TAG_SETTING, request.queryId());
        }
        ChdbConnection connection = lease.connection();
        if (statement.isEmpty()) {
            // a SET of custom settings only: the server keeps them, the engine has nothing to run
            return new ChdbConnection.Result(new byte[0], ChdbConnection.Stats.NONE);
        }
        if (fileInsert.isPresent() && request.session().isEmpty()) {
            // The settings go into the statement itself, so a pooled session needs no SET before and none after:
            // two engine calls fewer on every insert, the server's busiest path.
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.putAll(internal);
            return connection.execute(
                    fileInsert.get().sql(SettingsScope.assignments(all)).getBytes(StandardCharsets.UTF_8),
                    request.outputFormat(),
                    request.parameters(),
                    maxResultBytes);
        }
        // Outside an HTTP session a SET statement only lasts for its request, as in ClickHouse.
        List<String> restoreAlso =
                request.session().isPresent() ? List.of() : statement.settings().assigned();
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        SettingsScope scope = SettingsScope.apply(
                connection,
                settings,
                internal,
                restoreAlso,
                readOnly,
                request.session().isEmpty() ? sessionDefaults.of(connection) : Map.of());
        if (statement.kind().equals("USE")) {
            connection.forgetDatabase();
        }
        try {
            if (streamable.isPresent()) {
                try {
                    stream(connection, text, request, streamable.get(), response);
                    return null;
                } catch (ClickHouseException e) {
                    if (response.committed() || !e.getMessage().contains("Streaming query is not supported")) {
                        throw e;
                    }
                }
            }
            return connection.execute(text, request.outputFormat(), request.parameters(), maxResultBytes);
        } finally {
            try {
                scope.close();
            } catch (RuntimeException e) {
                LOG.warn(
                        "settings of query {} could not be restored; its chDB session is closed", request.queryId(), e);
                lease.discard();
            }
        }
    }

    private static void stream(
            ChdbConnection connection, byte[] sql, Request request, StreamableFormat format, QueryResponse response)
            throws IOException {
        boolean[] first = {true};
        ChdbConnection.Stats stats =
                connection.stream(sql, request.outputFormat(), request.parameters(), (chunk, soFar) -> {
                    int skip = format.repeatedHeaderLength(chunk, first[0]);
                    first[0] = false;
                    response.stats(soFar);
                    response.write(chunk, skip, chunk.length - skip);
                });
        response.stats(stats);
    }

    /**
     * The engine's parse of the client's statement. On a pooled session (at the server's defaults) it depends on
     * the text alone, and a dashboard sends the same texts again and again: a repeat skips two engine calls
     * (formatQuery and EXPLAIN AST, about 2.5 ms). An HTTP session may have changed how the engine parses
     * ({@code SET dialect}), so its statements are parsed each time.
     */
    private StatementReads parse(ChdbConnection connection, Request request) {
        String sql = request.plan().clientSql();
        return request.session().isPresent()
                ? EngineParse.of(connection, sql)
                : parses.get(sql, text -> EngineParse.of(connection, text));
    }

    private static long parseWait(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ClickHouseException(
                    ClickHouseException.BAD_ARGUMENTS,
                    QUEUE_WAIT_SETTING + " must be a number of milliseconds, not '" + value + "'. (BAD_ARGUMENTS)");
        }
    }

    private static ClickHouseException readOnly(String setting) {
        return new ClickHouseException(
                ClickHouseException.READONLY, "Cannot modify '" + setting + "' setting in readonly mode. (READONLY)");
    }
}
