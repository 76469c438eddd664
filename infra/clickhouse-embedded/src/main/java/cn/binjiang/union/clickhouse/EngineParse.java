package cn.binjiang.union.clickhouse;

import cn.binjiang.union.clickhouse.ast.StatementReads;
import cn.binjiang.union.clickhouse.ast.SyntaxTree;
import cn.binjiang.union.clickhouse.ast.UncheckableStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's statement as the engine parses it, for the access policy. Two steps, so that nothing of the
 * client's text runs before it is checked: {@code formatQuery('<text>')} (the text as a string literal) gives
 * the engine's canonical form of the one statement, comments dropped and every string and name quoted so that no
 * literal holds a line break; then {@code EXPLAIN AST} of that form. The canonical form's top-level
 * {@code SETTINGS} and output {@code FORMAT} lines are left out of the EXPLAIN, which would otherwise apply them
 * to itself (a Template format with a template-file setting reads that file), and noted instead;
 * {@code INTO OUTFILE} is refused before any EXPLAIN.
 */
final class EngineParse {
    private EngineParse() {}

    static StatementReads of(ChdbConnection connection, String sql) {
        // a statement the engine cannot parse fails here with its own syntax error, as a server answers it
        String canonical = connection
                .execute("SELECT formatQuery(" + Sql.quote(sql) + ")", "TSVRaw")
                .text()
                .strip();
        boolean insert = canonical.startsWith("INSERT");
        boolean settings = false;
        List<String> kept = new ArrayList<>();
        for (String line : canonical.split("\n")) {
            if (line.startsWith("INTO OUTFILE ")) {
                throw new ClickHouseException(
                        ClickHouseException.INTO_OUTFILE_NOT_ALLOWED,
                        "INTO OUTFILE is not allowed over HTTP: the file would be written on the server. (INTO_OUTFILE_NOT_ALLOWED)");
            } else if (line.startsWith("SETTINGS ")) {
                settings = true;
            } else if (!(line.startsWith("FORMAT ") && !insert)) {
                kept.add(line);
            }
        }
        List<String> tree = List.of(connection
                .execute(SyntaxTree.explain(String.join("\n", kept)), "TSVRaw")
                .text()
                .split("\n"));
        try {
            StatementReads reads = StatementReads.of(SyntaxTree.parse(tree));
            return settings ? reads.withSettingsClause() : reads;
        } catch (UncheckableStatement e) {
            throw new ClickHouseException(
                    ClickHouseException.ACCESS_DENIED,
                    "The statement cannot be checked: " + e.getMessage() + ". (ACCESS_DENIED)");
        }
    }
}
