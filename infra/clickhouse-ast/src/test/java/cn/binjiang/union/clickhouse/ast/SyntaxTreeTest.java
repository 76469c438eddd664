package cn.binjiang.union.clickhouse.ast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** EXPLAIN AST output as ClickHouse 26.5 printed it for the statements named in each test. */
class SyntaxTreeTest {
    /**
     * {@code SELECT $$'$$ AS h, line FROM `file`('/etc/passwd','LineAsString') AS offset, kpi_latest k WHERE x IN
     * (streets) AND y IN kpi.enterprises SETTINGS max_execution_time=0 FORMAT TSV}
     */
    static final List<String> HOSTILE = List.of(
            "SelectWithUnionQuery (children 2)",
            " ExpressionList (children 1)",
            "  SelectQuery (children 4)",
            "   ExpressionList (children 2)",
            "    Literal '\\'' (alias h)",
            "    Identifier line",
            "   TablesInSelectQuery (children 2)",
            "    TablesInSelectQueryElement (children 1)",
            "     TableExpression (children 1)",
            "      Function file (alias offset) (children 1)",
            "       ExpressionList (children 2)",
            "        Literal '/etc/passwd'",
            "        Literal 'LineAsString'",
            "    TablesInSelectQueryElement (children 2)",
            "     TableExpression (children 1)",
            "      TableIdentifier kpi_latest (alias k)",
            "     TableJoin",
            "   Function and (children 1)",
            "    ExpressionList (children 2)",
            "     Function in (children 1)",
            "      ExpressionList (children 2)",
            "       Identifier x",
            "       Identifier streets",
            "     Function in (children 1)",
            "      ExpressionList (children 2)",
            "       Identifier y",
            "       Identifier kpi.enterprises",
            "   Set",
            " Identifier TSV");

    @Test
    void readsTheEnginesTreeWithNamesAliasesAndChildren() {
        SyntaxNode root = SyntaxTree.parse(HOSTILE);
        assertThat(root.kind()).isEqualTo("SelectWithUnionQuery");
        assertThat(root.children()).hasSize(2);
        SyntaxNode file = root.subtree()
                .filter(n -> n.is("Function") && n.text().equals("file"))
                .findFirst()
                .orElseThrow();
        assertThat(file.alias()).contains("offset");
        assertThat(file.children()).hasSize(1);
        assertThat(root.subtree()
                        .filter(n -> n.is("Literal"))
                        .map(SyntaxNode::text)
                        .toList())
                .containsExactly("'\\''", "'/etc/passwd'", "'LineAsString'");
        assertThat(String.join("\n", HOSTILE) + "\n").isEqualTo(root.print());
    }

    @Test
    void aLiteralMayHoldTheLineSeparatorsJavaReadsAsLineEnds() {
        // EXPLAIN AST SELECT 'a\u2028b\u0085c' AS `x\u2029y`, as ClickHouse 26.5 printed it
        SyntaxNode root = SyntaxTree.parse(List.of(
                "SelectWithUnionQuery (children 1)",
                " ExpressionList (children 1)",
                "  SelectQuery (children 1)",
                "   ExpressionList (children 1)",
                "    Literal 'a\u2028b\u0085c' (alias x\u2029y)"));
        SyntaxNode literal =
                root.subtree().filter(n -> n.is("Literal")).findFirst().orElseThrow();
        assertThat(literal.text()).isEqualTo("'a\u2028b\u0085c'");
        assertThat(literal.alias()).contains("x\u2029y");
    }

    @Test
    void aNameThatSpansLinesCannotAddANode() {
        // SELECT `a\n    TableIdentifier evil` FROM t: the back-quoted name printed its line break
        List<String> forged = List.of(
                "SelectWithUnionQuery (children 1)",
                " ExpressionList (children 1)",
                "  SelectQuery (children 2)",
                "   ExpressionList (children 1)",
                "    Identifier a",
                "    TableIdentifier evil",
                "   TablesInSelectQuery (children 1)",
                "    TablesInSelectQueryElement (children 1)",
                "     TableExpression (children 1)",
                "      TableIdentifier t");
        assertThatThrownBy(() -> SyntaxTree.parse(forged))
                .isInstanceOf(UncheckableStatement.class)
                .hasMessageContaining("ExpressionList declares 1 children and has 2");
    }

    @Test
    void aNameWithSpacesOrBracketsIsRefusedNotGuessed() {
        assertThatThrownBy(() -> SyntaxTree.parse(
                        List.of("SelectWithUnionQuery (children 1)", " Identifier a b(alias x) (children 9)")))
                .isInstanceOf(UncheckableStatement.class)
                .hasMessageContaining("cannot be checked");
        assertThatThrownBy(() -> SyntaxTree.parse(List.of("TableIdentifier kp i.tab)le (alias al ias)")))
                .isInstanceOf(UncheckableStatement.class);
    }

    @Test
    void anAliasCannotForgeChildren() {
        // SELECT 'x' AS `h) (children 1`: the alias prints a children count the node does not have
        assertThatThrownBy(() ->
                        SyntaxTree.parse(List.of("ExpressionList (children 1)", " Literal 'x' (alias h) (children 1)")))
                .isInstanceOf(UncheckableStatement.class)
                .hasMessageContaining("Literal declares 1 children and has 0");
    }

    @Test
    void aStringMayHoldWhatLooksLikeAnAliasOrChildren() {
        SyntaxNode node = SyntaxTree.parse(List.of("Literal 'a (alias b) (children 2)'"));
        assertThat(node.text()).isEqualTo("'a (alias b) (children 2)'");
        assertThat(node.alias()).isEmpty();
        assertThat(node.children()).isEmpty();
    }

    @Test
    void twoRootsOrAWrongIndentAreRefused() {
        assertThatThrownBy(() -> SyntaxTree.parse(List.of("Literal 1", "Literal 2")))
                .isInstanceOf(UncheckableStatement.class)
                .hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> SyntaxTree.parse(List.of("ExpressionList (children 1)", "   Literal 1")))
                .isInstanceOf(UncheckableStatement.class);
        assertThatThrownBy(() -> SyntaxTree.parse(List.of("{", "\"meta\":"))).isInstanceOf(UncheckableStatement.class);
        assertThatThrownBy(() -> SyntaxTree.parse(List.of())).isInstanceOf(UncheckableStatement.class);
    }

    @Test
    void explainKeepsTheStatementAsItIs() {
        assertThat(SyntaxTree.explain("SELECT 1")).isEqualTo("EXPLAIN AST SELECT 1");
    }
}
