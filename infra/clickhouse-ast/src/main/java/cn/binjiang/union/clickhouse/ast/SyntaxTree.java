package cn.binjiang.union.clickhouse.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of ClickHouse's {@code EXPLAIN AST <statement>}: the engine's own parse of a statement, one
 * node per line, indented one space per level. ClickHouse prints names unquoted, so a name holding spaces,
 * brackets or a line break could make one node look like several; the reader therefore accepts only names of
 * letters, digits, {@code _}, {@code $} and dots, and checks every node's printed {@code (children N)} against
 * the lines below it. Anything else is an {@link UncheckableStatement}.
 *
 * <p>Written by hand because no library reads this format; the engine remains the only SQL parser.
 */
public final class SyntaxTree {
    /** The statement to send to ClickHouse for the parse of {@code sql}; it parses and never runs {@code sql}. */
    public static String explain(String sql) {
        return "EXPLAIN AST " + sql;
    }

    /**
     * One printed node. DOTALL: a literal may hold U+0085, U+2028 or U+2029, which ClickHouse prints as they are and
     * Java's {@code .} does not match otherwise; the lines were split at the line breaks ClickHouse prints.
     */
    private static final Pattern LINE = Pattern.compile(
            "( *)([A-Za-z][A-Za-z:]*)(?: ((?!\\(alias |\\(children ).*?))?(?: \\(alias ([^()\\n]*)\\))?(?: \\(children (\\d+)\\))?",
            Pattern.DOTALL);
    /** Names ClickHouse may print for identifiers and functions that this reader can read unambiguously. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_$]+(\\.[\\p{L}\\p{N}_$]+)*");

    private static final java.util.Set<String> NAMED_KINDS =
            java.util.Set.of("Identifier", "TableIdentifier", "Function");

    private SyntaxTree() {}

    private record Line(int depth, String kind, String text, Optional<String> alias, int declaredChildren) {}

    /** The tree of the lines {@code EXPLAIN AST} returned (one element per line). */
    public static SyntaxNode parse(List<String> lines) {
        List<Line> parsed = new ArrayList<>();
        for (String raw : lines) {
            if (raw.isEmpty()) continue;
            Matcher m = LINE.matcher(raw);
            if (!m.matches()) throw new UncheckableStatement("unreadable parse line: " + shorten(raw));
            String text = m.group(3) == null ? "" : m.group(3);
            if (NAMED_KINDS.contains(m.group(2)) && !NAME.matcher(text).matches()) {
                throw new UncheckableStatement("the name '" + shorten(text)
                        + "' cannot be checked: names may hold letters, " + "digits, _ and $ only");
            }
            int children = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            parsed.add(new Line(m.group(1).length(), m.group(2), text, Optional.ofNullable(m.group(4)), children));
        }
        if (parsed.isEmpty()) throw new UncheckableStatement("empty parse");
        int[] at = {0};
        SyntaxNode root = node(parsed, at, 0);
        if (at[0] != parsed.size()) throw new UncheckableStatement("more than one statement in the parse");
        return root;
    }

    private static SyntaxNode node(List<Line> lines, int[] at, int depth) {
        Line line = lines.get(at[0]++);
        if (line.depth() != depth)
            throw new UncheckableStatement("parse line at depth " + line.depth() + " where " + depth + " was due");
        List<SyntaxNode> children = new ArrayList<>();
        while (at[0] < lines.size() && lines.get(at[0]).depth() > depth) {
            children.add(node(lines, at, depth + 1));
        }
        if (children.size() != line.declaredChildren()) {
            throw new UncheckableStatement(line.kind() + " declares " + line.declaredChildren() + " children and has "
                    + children.size() + " (a name that spans lines?)");
        }
        return new SyntaxNode(line.kind(), line.text(), line.alias(), children);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
