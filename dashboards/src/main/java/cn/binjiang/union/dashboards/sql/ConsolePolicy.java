package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.clickhouse.ast.StatementReads;
import cn.binjiang.union.clickhouse.ast.SyntaxNode;
import java.util.Locale;
import java.util.Set;

/**
 * What a console query may hold, decided on ClickHouse's parse of it alone ({@link StatementReads}): one SELECT or
 * a UNION/INTERSECT/EXCEPT of SELECTs with the clauses of a SELECT (no SETTINGS, no query parameters, no named
 * WINDOW or APPLY, whose content the parse does not show), functions from {@link ConsoleFunctions}, the role's table
 * functions (analysts: numbers, zeros, values, generate_series; officers: none) and the role's tables (analysts:
 * the platform's database and a few catalogue tables of {@code system}; officers: {@code kpi_latest} and
 * {@code kpi_progress}, unqualified, and no named subqueries of their own, which could hide the views' names).
 */
final class ConsolePolicy {
    static final Set<String> OFFICER_VIEWS = Set.of("kpi_latest", "kpi_progress");
    static final Set<String> ANALYST_TABLE_FUNCTIONS =
            Set.of("numbers", "numbers_mt", "zeros", "zeros_mt", "values", "generate_series", "generateseries");
    /** The catalogue tables an analyst reads in {@code system}: nothing about users, settings or other queries. */
    static final Set<String> ANALYST_SYSTEM_TABLES = Set.of(
            "one",
            "numbers",
            "numbers_mt",
            "zeros",
            "zeros_mt",
            "databases",
            "tables",
            "columns",
            "functions",
            "table_functions",
            "data_type_families",
            "time_zones",
            "formats");
    /**
     * The parse nodes of a SELECT's clauses and expressions; not the ones EXPLAIN AST prints without their content
     * ({@link StatementReads#UNPRINTED_KINDS}: a named WINDOW's definition, APPLY's function).
     */
    static final Set<String> NODE_KINDS = Set.of(
            "SelectWithUnionQuery",
            "SelectIntersectExceptQuery",
            "SelectQuery",
            "ExpressionList",
            "Literal",
            "Identifier",
            "Function",
            "Asterisk",
            "QualifiedAsterisk",
            "ColumnsRegexpMatcher",
            "ColumnsListMatcher",
            "QualifiedColumnsRegexpMatcher",
            "QualifiedColumnsListMatcher",
            "ColumnsTransformerList",
            "ColumnsExceptTransformer",
            "ColumnsReplaceTransformer",
            "ColumnsReplaceTransformer::Replacement",
            "TablesInSelectQuery",
            "TablesInSelectQueryElement",
            "TableExpression",
            "TableIdentifier",
            "TableJoin",
            "ArrayJoin",
            "Subquery",
            "WithElement",
            "OrderByElement",
            "WindowDefinition",
            "SampleRatio",
            "InterpolateElement");

    private final ConsoleFunctions functions = ConsoleFunctions.load();

    /**
     * Refuses {@code query}, the parse of a console query, unless its role may run it.
     *
     * @param officer  whether a street officer asks (else the district: leaders and analysts)
     * @param database the platform's database, which unqualified table names read
     */
    void check(SyntaxNode query, boolean officer, String database) {
        if (!query.is("SelectWithUnionQuery") || query.children().size() != 1) {
            throw new ConsoleRefusal(
                    403, "the console runs one SELECT (or a UNION of SELECTs) without FORMAT or INTO OUTFILE");
        }
        StatementReads reads = StatementReads.of(query);
        if (reads.settingsClause()) {
            throw new ConsoleRefusal(403, "SETTINGS is not allowed in the console: the server sets the query limits");
        }
        if (!reads.unprinted().isEmpty()) {
            throw new ConsoleRefusal(
                    403,
                    "the console cannot check a named WINDOW or APPLY(...): ClickHouse's parse does not show what "
                            + reads.unprinted()
                            + " calls or reads; write the window in OVER (...) and call the function on each column");
        }
        for (String kind : reads.nodeKinds()) {
            if (!NODE_KINDS.contains(kind))
                throw new ConsoleRefusal(403, "the console does not run '" + kind + "' in a query");
        }
        if (officer && reads.namedSubqueries()) {
            throw new ConsoleRefusal(
                    403,
                    "a street officer's query cannot name subqueries (WITH name AS (...)): write the subquery in FROM");
        }
        for (String function : reads.functions()) {
            if (!functions.allows(function)) {
                throw new ConsoleRefusal(
                        403,
                        "function " + function + "() is not allowed in the console (see the allow-list in "
                                + "dashboards/src/main/resources" + ConsoleFunctions.RESOURCE + ")");
            }
        }
        Set<String> tableFunctions = officer ? Set.of() : ANALYST_TABLE_FUNCTIONS;
        for (String function : reads.tableFunctions()) {
            if (!tableFunctions.contains(function)) {
                throw new ConsoleRefusal(
                        403,
                        "table function " + function + "() is not allowed in the console"
                                + (officer
                                        ? " for a street officer"
                                        : " (allowed: "
                                                + ANALYST_TABLE_FUNCTIONS.stream()
                                                        .sorted()
                                                        .toList() + ")"));
            }
        }
        for (StatementReads.TableName table : reads.tables()) {
            if (officer ? !officerMayRead(table) : !analystMayRead(table, database)) {
                throw new ConsoleRefusal(
                        403,
                        officer
                                ? "a street officer may only query kpi_latest and kpi_progress (got '" + table + "')"
                                : "table " + table
                                        + " is not readable from the console (the platform's tables and system."
                                        + ANALYST_SYSTEM_TABLES.stream()
                                                .sorted()
                                                .toList() + ")");
            }
        }
    }

    private static boolean officerMayRead(StatementReads.TableName table) {
        return table.database().isEmpty() && OFFICER_VIEWS.contains(table.table());
    }

    private static boolean analystMayRead(StatementReads.TableName table, String database) {
        return table.database().isEmpty()
                || table.database().get().equals(database)
                || table.database().get().equals("system")
                        && ANALYST_SYSTEM_TABLES.contains(table.table().toLowerCase(Locale.ROOT));
    }
}
