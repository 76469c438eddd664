package cn.binjiang.union.jobs.sink.clickhouse;

import com.clickhouse.jdbc.Driver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Every ClickHouse connection the jobs open. Through the driver itself rather than DriverManager: on a
 * Flink cluster the driver lives in the job's jar, loaded by Flink's user-code class loader, and
 * DriverManager knows only the drivers registered so far (on the session cluster a TaskManager's
 * first reference-data load failed with "No suitable driver", before the sink had loaded the class).
 */
public final class ClickHouseConnections {
    private ClickHouseConnections() {}

    public static Connection open(String jdbcUrl, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return open(jdbcUrl, properties);
    }

    public static Connection open(String jdbcUrl, Properties properties) throws SQLException {
        Connection opened = new Driver().connect(jdbcUrl, properties);
        if (opened == null) throw new SQLException("the ClickHouse driver does not accept " + jdbcUrl);
        return opened;
    }
}
