package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.clickhouse.ast.SyntaxNode;
import cn.binjiang.union.clickhouse.ast.SyntaxTree;
import cn.binjiang.union.clickhouse.ast.UncheckableStatement;
import cn.binjiang.union.clickhouse.lexer.Lexer;
import cn.binjiang.union.clickhouse.lexer.Token;
import cn.binjiang.union.clickhouse.lexer.TokenKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides what a console query may run from ClickHouse's own reading of it, never from a reading of its own: the
 * engine's parse, the shared lexer's tokens ({@link Lexer}) and the console's policy ({@link ConsolePolicy}).
 * <ol>
 *   <li>{@code formatQuery} of the text, passed as a value: the engine's canonical form of exactly one statement
 *       (comments gone, heredocs turned into plain strings, every parenthesis balanced);</li>
 *   <li>that form, read by ClickHouse's lexing rules, must be what it is put in for: one statement whose brackets
 *       close where they open, without a comment, a semicolon or a bad token, so that nothing of it can reach past
 *       the parenthesis around it;</li>
 *   <li>that form is put inside the console's own statement, {@code SELECT * FROM (<query>)}, and for a street
 *       officer under {@code WITH kpi_latest AS (... WHERE street = '<street>'), kpi_progress AS (...)}, so each of
 *       their reads of the two views, at any depth, behind any alias, in a join or right of IN, reads their street
 *       only. A FORMAT, INTO OUTFILE or second statement cannot stand inside a subquery: ClickHouse refuses it;</li>
 *   <li>{@code EXPLAIN AST} of that whole statement must be the console's own tree with the query's tree at the
 *       subquery's place, and the query's tree must hold only what {@link ConsolePolicy} allows the role.</li>
 * </ol>
 * The statement that runs is the one checked, character for character. ClickHouse checks again as the read-only
 * user {@code reader} whose profile holds the limits (SECURITY.md).
 */
public final class ConsoleGuard {
    private static final Pattern STREET = Pattern.compile("[a-z][a-z0-9_]*");
    static final int MAX_LENGTH = 100_000;

    private final ConsolePolicy policy = new ConsolePolicy();
    /** The console's statement with {@code SELECT 1} as the query, per scope: the tree every check compares with. */
    private final Map<Optional<String>, SyntaxNode> templates = new ConcurrentHashMap<>();
    /** The database the console's connections use, asked once. */
    private volatile String database;

    /**
     * Checks {@code sql} for a user whose reads are limited to {@code street} (empty: the district); the text to run.
     */
    String check(String sql, Optional<String> street, EngineParser engine) throws SQLException {
        if (sql == null || sql.isBlank()) throw new ConsoleRefusal(400, "empty query");
        if (sql.length() > MAX_LENGTH) throw new ConsoleRefusal(400, "query longer than " + MAX_LENGTH + " characters");
        street.filter(s -> !STREET.matcher(s).matches()).ifPresent(s -> {
            throw new IllegalStateException("bad street code " + s);
        });
        String canonical;
        try {
            canonical = engine.format(sql);
        } catch (SQLException e) {
            throw new ConsoleRefusal(400, "ClickHouse cannot parse the query: " + SqlConsole.engineMessage(e));
        }
        requireOneClosedStatement(canonical);
        String statement = wrapper(street, engine, canonical);
        SyntaxNode tree;
        try {
            tree = SyntaxTree.parse(engine.explainAst(statement));
        } catch (SQLException e) {
            String message = SqlConsole.engineMessage(e);
            SqlConsole.refusedByEngine(message).ifPresent(refused -> {
                throw refused;
            });
            throw new ConsoleRefusal(
                    403,
                    "the console runs one SELECT (or a UNION of SELECTs) without FORMAT, INTO OUTFILE or "
                            + "SETTINGS; ClickHouse: " + message);
        } catch (UncheckableStatement e) {
            throw new ConsoleRefusal(403, "the query cannot be checked: " + e.getMessage());
        }
        SyntaxNode query = queryIn(tree, template(street, engine));
        policy.check(query, street.isPresent(), database(engine));
        return statement;
    }

    /**
     * Refuses a canonical form that could reach past the parenthesis it is put in: a comment or a semicolon, a bad
     * or unclosed token, a bracket closed before it was opened or left open. ClickHouse's formatQuery never gives
     * one; the console does not depend on that.
     */
    static void requireOneClosedStatement(String canonical) {
        int depth = 0;
        for (Token token : Lexer.tokens(canonical)) {
            TokenKind kind = token.kind();
            depth += kind.opensBracket() ? 1 : kind.closesBracket() ? -1 : 0;
            if (kind == TokenKind.COMMENT || kind == TokenKind.SEMICOLON || kind.error() || depth < 0) {
                throw new ConsoleRefusal(
                        403,
                        "the query reaches outside its subquery: ClickHouse's canonical form of it holds '"
                                + token.text(canonical) + "' at character " + token.start());
            }
        }
        if (depth != 0) {
            throw new ConsoleRefusal(
                    403,
                    "the query reaches outside its subquery: ClickHouse's canonical form of it leaves a bracket open");
        }
    }

    private String wrapper(Optional<String> street, EngineParser engine, String query) throws SQLException {
        String select = "SELECT *\nFROM\n(\n" + query + "\n)";
        if (street.isEmpty()) return select;
        String database = "`" + database(engine).replace("\\", "\\\\").replace("`", "\\`") + "`";
        StringBuilder with = new StringBuilder("WITH\n");
        for (String view : ConsolePolicy.OFFICER_VIEWS.stream().sorted().toList()) {
            with.append("    ")
                    .append(view)
                    .append(" AS (SELECT * FROM ")
                    .append(database)
                    .append('.')
                    .append(view)
                    .append(" WHERE street = '")
                    .append(street.get())
                    .append("'),\n");
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
            throw new ConsoleRefusal(403, "the query reaches outside its subquery (more than one statement?)");
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
}
