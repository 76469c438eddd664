package cn.binjiang.union.clickhouse.ast;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One node of ClickHouse's parse tree as {@code EXPLAIN AST} prints it: its kind ({@code SelectQuery},
 * {@code Function}, {@code TableIdentifier}, ...), the text after the kind (a function's or identifier's name,
 * a literal), its alias and its children.
 */
public record SyntaxNode(String kind, String text, Optional<String> alias, List<SyntaxNode> children) {
    public SyntaxNode {
        children = List.copyOf(children);
    }

    public boolean is(String kind) {
        return this.kind.equals(kind);
    }

    /** This node and every node below it, parents before children. */
    public Stream<SyntaxNode> subtree() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(SyntaxNode::subtree));
    }

    /** The tree printed back the way {@code EXPLAIN AST} printed it, so two trees compare as text. */
    public String print() {
        StringBuilder out = new StringBuilder();
        print(out, 0);
        return out.toString();
    }

    private void print(StringBuilder out, int depth) {
        out.append(" ".repeat(depth)).append(kind);
        if (!text.isEmpty()) out.append(' ').append(text);
        alias.ifPresent(a -> out.append(" (alias ").append(a).append(')'));
        if (!children.isEmpty())
            out.append(" (children ").append(children.size()).append(')');
        out.append('\n');
        children.forEach(c -> c.print(out, depth + 1));
    }
}
