package cn.binjiang.union.dashboards.sql;

import cn.binjiang.union.clickhouse.ast.SyntaxTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the console asks ClickHouse about a statement; none of it runs the statement. */
interface EngineParser {
    /** {@code formatQuery} of the text passed as a value: the engine's canonical form of one statement. */
    String format(String sql) throws SQLException;

    /** The lines of {@code EXPLAIN AST <sql>}. */
    List<String> explainAst(String sql) throws SQLException;

    /** The database unqualified table names resolve to. */
    String currentDatabase() throws SQLException;

    /** The questions asked on {@code connection}, the one the query then runs on. */
    static EngineParser on(Connection connection) {
        return new Jdbc(connection);
    }

    /** The questions over JDBC. */
    record Jdbc(Connection connection) implements EngineParser {
        @Override
        public String format(String sql) throws SQLException {
            try (PreparedStatement p = connection.prepareStatement("SELECT formatQuery(?)")) {
                p.setString(1, sql);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }

        @Override
        public List<String> explainAst(String sql) throws SQLException {
            List<String> lines = new ArrayList<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(SyntaxTree.explain(sql))) {
                while (rs.next()) lines.add(rs.getString(1));
            }
            return lines;
        }

        @Override
        public String currentDatabase() throws SQLException {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT currentDatabase()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
