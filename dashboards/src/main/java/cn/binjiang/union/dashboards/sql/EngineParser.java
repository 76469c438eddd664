package cn.binjiang.union.dashboards.sql;

import java.sql.SQLException;
import java.util.List;

/** What the console asks ClickHouse about a statement; none of it runs the statement. */
interface EngineParser {
    /** {@code formatQuery} of the text passed as a value: the engine's canonical form of one statement. */
    String format(String sql) throws SQLException;

    /** The lines of {@code EXPLAIN AST <sql>}. */
    List<String> explainAst(String sql) throws SQLException;

    /** The database unqualified table names resolve to. */
    String currentDatabase() throws SQLException;
}
