package cn.binjiang.union.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard's lexer step: a canonical form that could reach past the parenthesis it is put in is refused before
 * ClickHouse is asked for its parse, whatever formatQuery returned. The engine here answers formatQuery with the
 * text under test and fails the test if the guard goes on to ask for EXPLAIN AST.
 */
class ConsoleGuardTest {
    /** formatQuery answers {@code canonical}; EXPLAIN AST must not be asked. */
    record Canonical(String canonical) implements EngineParser {
        @Override
        public String format(String sql) {
            return canonical;
        }

        @Override
        public List<String> explainAst(String sql) {
            throw new AssertionError("the guard asked for the parse of " + sql);
        }

        @Override
        public String currentDatabase() {
            return "kpi";
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1 -- )",
                "SELECT 1 /* ) */",
                "SELECT 1 // )",
                "SELECT 1 # )",
                "SELECT 1; DROP TABLE kpi_values",
                "SELECT 1) UNION ALL (SELECT file('/etc/passwd')",
                "SELECT 1) AS a, (SELECT 2",
                "SELECT (1",
                "SELECT [1",
                "SELECT {x:UInt8",
                "SELECT 'never closed",
                "SELECT `never closed",
                "SELECT 1 /* never closed",
                "SELECT 1 #x",
                "SELECT ！1",
                "SELECT 1 \\ 2"
            })
    void aCanonicalFormThatCouldReachOutsideItsSubqueryIsRefusedUnparsed(String canonical) {
        ConsoleGuard guard = new ConsoleGuard();
        for (Optional<String> street : List.of(Optional.<String>empty(), Optional.of("xixing"))) {
            assertThatThrownBy(() -> guard.check("SELECT 1", street, new Canonical(canonical)))
                    .isInstanceOf(ConsoleRefusal.class)
                    .hasMessageStartingWith("the query reaches outside its subquery: ClickHouse's canonical form of it")
                    .extracting(e -> ((ConsoleRefusal) e).status())
                    .isEqualTo(403);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT ')' AS `(`, \"[\" FROM t",
                "SELECT $$)$$",
                "SELECT f(x)[1].2 FROM (SELECT {'a': [1]} AS x)"
            })
    void bracketsInStringsAndNamesAreNoBrackets(String canonical) {
        assertThatThrownBy(() -> new ConsoleGuard().check("SELECT 1", Optional.empty(), new Canonical(canonical)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the guard asked for the parse of");
    }
}
