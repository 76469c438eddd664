package cn.binjiang.union.jobs.sink.clickhouse;

import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import cn.binjiang.union.testkit.TestClickHouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helpers over a JDBC connection: the project's migrations applied, and query results as text. */
public final class MigratedClickHouse {
    private MigratedClickHouse() {}

    public static void migrate(Connection connection) {
        new Migrator(connection).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
    }

    /** A new, empty database named {@code name} on {@code clickhouse}, with the project's migrations applied. */
    public static String freshDatabase(TestClickHouse clickhouse, String name) throws SQLException {
        String db = clickhouse.freshDatabase(name);
        try (Connection c = clickhouse.connect(db)) {
            migrate(c);
        }
        return db;
    }

    /** Inserts the elements as one batch, through the binder's own statement. */
    public static <T> void insert(Connection connection, RowBinder<T> binder, List<T> elements) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(binder.insertSql())) {
            for (T element : elements) {
                binder.bind(statement, element);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Every row of the result, its columns as ClickHouse prints them (toString on the server side keeps types exact).
     */
    public static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) row.add(rs.getString(i));
                rows.add(row);
            }
        }
        return rows;
    }

    /** The single value of a one-row, one-column query. */
    public static String value(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = rows(connection, sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) throw new AssertionError(sql + " returned " + rows);
        return rows.get(0).get(0);
    }
}
