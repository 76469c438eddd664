package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.clickhouse.ast.StatementReads;
import cn.binjiang.union.clickhouse.ast.SyntaxNode;
import cn.binjiang.union.clickhouse.ast.SyntaxTree;
import cn.binjiang.union.clickhouse.ast.UncheckableStatement;
import cn.binjiang.union.dashboards.api.RequestRefused;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides what a console query may run from ClickHouse's own parse of it, never from the text:
 * <ol>
 *   <li>{@code formatQuery} of the text, passed as a value: the engine's canonical form of exactly one statement
 *       (comments gone, heredocs turned into plain strings, every parenthesis balanced);</li>
 *   <li>that form is put inside the console's own statement, {@code SELECT * FROM (<query>)}, and for a street
 *       officer under {@code WITH kpi_latest AS (... WHERE street = '<street>'), kpi_progress AS (...)}, so each of
 *       their reads of the two views, at any depth, behind any alias, in a join or right of IN, reads their street
 *       only. A FORMAT, INTO OUTFILE or second statement cannot stand inside a subquery: ClickHouse refuses it;</li>
 *   <li>{@code EXPLAIN AST} of that whole statement must be the console's own tree with the query's tree at the
 *       subquery's place, and the query's tree must hold only: one SELECT or a UNION/INTERSECT/EXCEPT of SELECTs,
 *       the clauses of a SELECT (no SETTINGS, no query parameters, no named WINDOW or APPLY, whose content the parse
 *       does not show), functions from {@link ConsoleFunctions}, the
 *       role's table functions (analysts: numbers, zeros, values, generate_series; officers: none) and the role's
 *       tables (analysts: the platform's database and a few catalogue tables of {@code system}; officers:
 *       {@code kpi_latest} and {@code kpi_progress}, unqualified, and no named subqueries of their own, which could
 *       hide the views' names).</li>
 * </ol>
 * The statement that runs is the one checked, character for character. ClickHouse checks again as the read-only
 * user {@code reader} whose profile holds the limits (SECURITY.md).
 */
public final class ConsoleGuard {
    static final Set<String> OFFICER_VIEWS = Set.of("kpi_latest", "kpi_progress");
    static final Set<String> ANALYST_TABLE_FUNCTIONS = Set.of("numbers", "numbers_mt", "zeros", "zeros_mt", "values",
            "generate_series", "generateseries");
    /** The catalogue tables an analyst reads in {@code system}: nothing about users, settings or other queries. */
    static final Set<String> ANALYST_SYSTEM_TABLES = Set.of("one", "numbers", "numbers_mt", "zeros", "zeros_mt",
            "databases", "tables", "columns", "functions", "table_functions", "data_type_families", "time_zones", "formats");
    /**
     * The parse nodes of a SELECT's clauses and expressions; not the ones EXPLAIN AST prints without their content
     * ({@link StatementReads#UNPRINTED_KINDS}: a named WINDOW's definition, APPLY's function).
     */
    static final Set<String> NODE_KINDS = Set.of("SelectWithUnionQuery", "SelectIntersectExceptQuery", "SelectQuery",
            "ExpressionList", "Literal", "Identifier", "Function", "Asterisk", "QualifiedAsterisk", "ColumnsRegexpMatcher",
            "ColumnsListMatcher", "QualifiedColumnsRegexpMatcher", "QualifiedColumnsListMatcher", "ColumnsTransformerList",
            "ColumnsExceptTransformer", "ColumnsReplaceTransformer", "ColumnsReplaceTransformer::Replacement",
            "TablesInSelectQuery", "TablesInSelectQueryElement", "TableExpression", "TableIdentifier", "TableJoin", "ArrayJoin",
            "Subquery", "WithElement", "OrderByElement", "WindowDefinition", "SampleRatio", "InterpolateElement");
    private static final Pattern STREET = Pattern.compile("[a-z][a-z0-9_]*");
    static final int MAX_LENGTH = 100_000;

    private final ConsoleFunctions functions = ConsoleFunctions.load();
    /** The console's statement with {@code SELECT 1} as the query, per scope: the tree every check compares with. */
    private final Map<Optional<String>, SyntaxNode> templates = new ConcurrentHashMap<>();
    /** The database the console's connections use, asked once. */
    private volatile String database;

    /** A refused query: the HTTP status (400 malformed, 403 not allowed) and the reason. */
    public static final class Refusal extends RequestRefused {
        Refusal(int status, String message) {
            super(status, message);
        }
    }

    /** Checks {@code sql} for a user whose reads are limited to {@code street} (empty: the district); the text to run. */
    String check(String sql, Optional<String> street, EngineParser engine) throws SQLException {
        if (sql == null || sql.isBlank()) throw new Refusal(400, "empty query");
        if (sql.length() > MAX_LENGTH) throw new Refusal(400, "query longer than " + MAX_LENGTH + " characters");
        street.filter(s -> !STREET.matcher(s).matches()).ifPresent(s -> {
            throw new IllegalStateException("bad street code " + s);
        });
        String canonical;
        try {
            canonical = engine.format(sql);
        } catch (SQLException e) {
            throw new Refusal(400, "ClickHouse cannot parse the query: " + SqlConsole.engineMessage(e));
        }
        String statement = wrapper(street, engine, canonical);
        SyntaxNode tree;
        try {
            tree = SyntaxTree.parse(engine.explainAst(statement));
        } catch (SQLException e) {
            String message = SqlConsole.engineMessage(e);
            SqlConsole.refusedByEngine(message).ifPresent(refused -> {
                throw refused;
            });
            throw new Refusal(403, "the console runs one SELECT (or a UNION of SELECTs) without FORMAT, INTO OUTFILE or "
                    + "SETTINGS; ClickHouse: " + message);
        } catch (UncheckableStatement e) {
            throw new Refusal(403, "the query cannot be checked: " + e.getMessage());
        }
        SyntaxNode query = queryIn(tree, template(street, engine));
        checkQuery(query, street.isPresent(), database(engine));
        return statement;
    }

    private String wrapper(Optional<String> street, EngineParser engine, String query) throws SQLException {
        String select = "SELECT *\nFROM\n(\n" + query + "\n)";
        if (street.isEmpty()) return select;
        String database = "`" + database(engine).replace("\\", "\\\\").replace("`", "\\`") + "`";
        StringBuilder with = new StringBuilder("WITH\n");
        for (String view : OFFICER_VIEWS.stream().sorted().toList()) {
            with.append("    ").append(view).append(" AS (SELECT * FROM ").append(database).append('.').append(view)
                    .append(" WHERE street = '").append(street.get()).append("'),\n");
        }
        return with.substring(0, with.length() - 2) + "\n" + select;
    }

    private String database(EngineParser engine) throws SQLException {
        String known = database;
        if (known == null) {
            known = engine.currentDatabase();
            database = known;
        }
        return known;
    }

    private SyntaxNode template(Optional<String> street, EngineParser engine) throws SQLException {
        SyntaxNode template = templates.get(street);
        if (template == null) {
            template = SyntaxTree.parse(engine.explainAst(wrapper(street, engine, "SELECT 1")));
            templates.put(street, template);
        }
        return template;
    }

    /** The query's tree inside the console's statement, after checking that everything around it is the console's. */
    private static SyntaxNode queryIn(SyntaxNode tree, SyntaxNode template) {
        List<Integer> path = subqueryPath(template, new ArrayList<>()).orElseThrow();
        SyntaxNode query = at(tree, path);
        if (query == null || !replaced(template, path, 0, query).print().equals(tree.print())) {
            throw new Refusal(403, "the query reaches outside its subquery (more than one statement?)");
        }
        return query;
    }

    /** The index path to the statement's FROM subquery's content, outside the WITH views. */
    private static Optional<List<Integer>> subqueryPath(SyntaxNode node, List<Integer> path) {
        if (node.is("WithElement")) return Optional.empty();
        if (node.is("Subquery")) {
            List<Integer> found = new ArrayList<>(path);
            found.add(0);
            return Optional.of(found);
        }
        for (int i = 0; i < node.children().size(); i++) {
            path.add(i);
            Optional<List<Integer>> found = subqueryPath(node.children().get(i), path);
            path.remove(path.size() - 1);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    private static SyntaxNode at(SyntaxNode node, List<Integer> path) {
        SyntaxNode at = node;
        for (int i : path) {
            if (i >= at.children().size()) return null;
            at = at.children().get(i);
        }
        return at;
    }

    private static SyntaxNode replaced(SyntaxNode node, List<Integer> path, int depth, SyntaxNode replacement) {
        if (depth == path.size()) return replacement;
        List<SyntaxNode> children = new ArrayList<>(node.children());
        children.set(path.get(depth), replaced(children.get(path.get(depth)), path, depth + 1, replacement));
        return new SyntaxNode(node.kind(), node.text(), node.alias(), children);
    }

    private void checkQuery(SyntaxNode query, boolean officer, String database) {
        if (!query.is("SelectWithUnionQuery") || query.children().size() != 1) {
            throw new Refusal(403, "the console runs one SELECT (or a UNION of SELECTs) without FORMAT or INTO OUTFILE");
        }
        StatementReads reads = StatementReads.of(query);
        if (reads.settingsClause()) {
            throw new Refusal(403, "SETTINGS is not allowed in the console: the server sets the query limits");
        }
        if (!reads.unprinted().isEmpty()) {
            throw new Refusal(403, "the console cannot check a named WINDOW or APPLY(...): ClickHouse's parse does not show what "
                    + reads.unprinted() + " calls or reads; write the window in OVER (...) and call the function on each column");
        }
        for (String kind : reads.nodeKinds()) {
            if (!NODE_KINDS.contains(kind)) throw new Refusal(403, "the console does not run '" + kind + "' in a query");
        }
        if (officer && reads.namedSubqueries()) {
            throw new Refusal(403, "a street officer's query cannot name subqueries (WITH name AS (...)): write the subquery in FROM");
        }
        for (String function : reads.functions()) {
            if (!functions.allows(function)) {
                throw new Refusal(403, "function " + function + "() is not allowed in the console (see the allow-list in "
                        + "dashboards/src/main/resources" + ConsoleFunctions.RESOURCE + ")");
            }
        }
        Set<String> tableFunctions = officer ? Set.of() : ANALYST_TABLE_FUNCTIONS;
        for (String function : reads.tableFunctions()) {
            if (!tableFunctions.contains(function)) {
                throw new Refusal(403, "table function " + function + "() is not allowed in the console"
                        + (officer ? " for a street officer" : " (allowed: " + ANALYST_TABLE_FUNCTIONS.stream().sorted().toList() + ")"));
            }
        }
        for (StatementReads.TableName table : reads.tables()) {
            if (officer ? !officerMayRead(table) : !analystMayRead(table, database)) {
                throw new Refusal(403, officer
                        ? "a street officer may only query kpi_latest and kpi_progress (got '" + table + "')"
                        : "table " + table + " is not readable from the console (the platform's tables and system."
                                + ANALYST_SYSTEM_TABLES.stream().sorted().toList() + ")");
            }
        }
    }

    private static boolean officerMayRead(StatementReads.TableName table) {
        return table.database().isEmpty() && OFFICER_VIEWS.contains(table.table());
    }

    private static boolean analystMayRead(StatementReads.TableName table, String database) {
        return table.database().isEmpty() || table.database().get().equals(database)
                || table.database().get().equals("system") && ANALYST_SYSTEM_TABLES.contains(table.table().toLowerCase(Locale.ROOT));
    }
}
