package cn.binjiang.union.clickhouse.ast;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one parsed statement reads and calls, found in ClickHouse's own parse tree ({@link SyntaxTree}): the
 * tables it names (after FROM/JOIN, as the right side of IN, as an INSERT's target), the table functions and the
 * other functions it calls, and the clauses that reach past a query's result: {@code INTO OUTFILE} / {@code FROM
 * INFILE} (files on the server), {@code FORMAT} and {@code SETTINGS}.
 */
public record StatementReads(
        String statementKind,
        List<TableName> tables,
        Set<String> tableFunctions,
        Set<String> functions,
        Set<String> nodeKinds,
        boolean fileClause,
        boolean formatClause,
        boolean settingsClause,
        boolean namedSubqueries) {

    /** A table as named in the statement; no database means the current one. */
    public record TableName(Optional<String> database, String table) {
        static TableName of(String dotted) {
            String[] parts = dotted.split("\\.");
            return switch (parts.length) {
                case 1 -> new TableName(Optional.empty(), parts[0]);
                case 2 -> new TableName(Optional.of(parts[0]), parts[1]);
                default -> throw new UncheckableStatement("the table name '" + dotted + "' has more than two parts");
            };
        }

        @Override
        public String toString() {
            return database.map(d -> d + ".").orElse("") + table;
        }
    }

    /**
     * Parse nodes that EXPLAIN AST prints without their content: a named window's definition ({@code WINDOW w AS
     * (PARTITION BY ...)}) and the function of {@code APPLY(...)}. What they call and read is in none of the lists
     * here, so a statement holding one cannot be checked (ClickHouse 26.5: {@code WINDOW w AS (PARTITION BY
     * file('/etc/passwd') AS c)} or {@code * APPLY(file)} read any file past a check of functions and tables).
     */
    public static final Set<String> UNPRINTED_KINDS = Set.of("WindowListElement", "ColumnsApplyTransformer");

    /** Functions whose right argument, when a bare name, is a table: {@code x IN t}, {@code x GLOBAL NOT IN db.t}. */
    private static final Pattern IN_FUNCTION =
            Pattern.compile("(global)?(not)?(null)?in(ignoreset)?", Pattern.CASE_INSENSITIVE);
    /** Nodes that are statements of their own; their direct Literal, Identifier and Set children are clauses. */
    private static final Set<String> STATEMENTS =
            Set.of("SelectWithUnionQuery", "Explain", "ShowTables", "DescribeQuery", "ShowCreateQuery", "ExistsQuery");

    public static StatementReads of(SyntaxNode root) {
        List<TableName> tables = new ArrayList<>();
        Set<String> tableFunctions = new LinkedHashSet<>();
        Set<String> functions = new LinkedHashSet<>();
        Set<String> kinds = new LinkedHashSet<>();
        boolean[] clauses = new boolean[2];
        statementClauses(root, clauses);
        if (root.is("InsertQuery")) {
            // the target prints as one Identifier per part: [database,] table
            List<String> target = new ArrayList<>();
            for (SyntaxNode child : root.children()) {
                if (child.is("Literal")) clauses[0] = true; // FROM INFILE (or its COMPRESSION)
                if (child.is("Identifier")) target.add(child.text());
                if (child.is("Function")) tableFunctions.add(lower(child.text())); // INSERT INTO FUNCTION
            }
            if (!target.isEmpty()) tables.add(TableName.of(String.join(".", target)));
        }
        visit(root, tables, tableFunctions, functions, kinds);
        return new StatementReads(
                root.kind(),
                List.copyOf(tables),
                Set.copyOf(tableFunctions),
                Set.copyOf(functions),
                Set.copyOf(kinds),
                clauses[0],
                clauses[1],
                kinds.contains("Set"),
                kinds.contains("WithElement"));
    }

    /** The kinds of {@link #UNPRINTED_KINDS} in the statement: what they call or read is not in these reads. */
    public Set<String> unprinted() {
        return nodeKinds.stream().filter(UNPRINTED_KINDS::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The same reads, with a SETTINGS clause that was taken off the text before it was parsed. */
    public StatementReads withSettingsClause() {
        return new StatementReads(
                statementKind,
                tables,
                tableFunctions,
                functions,
                nodeKinds,
                fileClause,
                formatClause,
                true,
                namedSubqueries);
    }

    private static void statementClauses(SyntaxNode statement, boolean[] clauses) {
        if (!STATEMENTS.contains(statement.kind())) return;
        for (SyntaxNode child : statement.children()) {
            if (child.is("Literal")) clauses[0] = true;
            if (child.is("Identifier")) clauses[1] = true;
            if (statement.is("Explain")) statementClauses(child, clauses);
        }
    }

    private static void visit(
            SyntaxNode node,
            List<TableName> tables,
            Set<String> tableFunctions,
            Set<String> functions,
            Set<String> kinds) {
        kinds.add(node.kind());
        if (node.is("TableIdentifier")) tables.add(TableName.of(node.text()));
        if (node.is("Function")) {
            functions.add(node.text());
            if (IN_FUNCTION.matcher(node.text()).matches()) inTable(node).ifPresent(tables::add);
        }
        for (SyntaxNode child : node.children()) {
            if (node.is("TableExpression") && child.is("Function")) {
                // a table function: its name is not a scalar function's, its arguments are expressions as any
                kinds.add(child.kind());
                tableFunctions.add(lower(child.text()));
                child.children().forEach(c -> visit(c, tables, tableFunctions, functions, kinds));
            } else {
                visit(child, tables, tableFunctions, functions, kinds);
            }
        }
    }

    private static Optional<TableName> inTable(SyntaxNode in) {
        List<SyntaxNode> arguments =
                in.children().isEmpty() ? List.of() : in.children().get(0).children();
        return arguments.size() == 2 && arguments.get(1).is("Identifier")
                ? Optional.of(TableName.of(arguments.get(1).text()))
                : Optional.empty();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
