package cn.binjiang.union.jobs.sink.clickhouse;

import com.clickhouse.jdbc.Driver;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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

    /**
     * A connection for batch inserts: each batch one synchronous {@code INSERT}, sent as RowBinary, and no retry of
     * the driver's own (the caller's is counted, backed off and bounded; the driver's would only add noise).
     */
    public static Connection forInserts(String jdbcUrl, String user, String password, Duration socketTimeout)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("retry", "0");
        properties.setProperty("socket_timeout", Long.toString(socketTimeout.toMillis()));
        // Synchronous inserts: a batch must be in its table, or its error known, when executeBatch returns.
        // ClickHouse has inserted asynchronously by default since 26.3, and the driver has stopped asking for
        // async_insert=0 (0.10).
        properties.setProperty("clickhouse_setting_async_insert", "0");
        // A batch goes as RowBinary instead of one long INSERT ... VALUES text: the driver would build that
        // text and scan it with regular expressions, and ClickHouse parse it again (bench: 7,200 -> 9,300 events/s).
        properties.setProperty("beta.row_binary_for_simple_insert", "true");
        return open(jdbcUrl, properties);
    }

    public static Connection open(String jdbcUrl, Properties properties) throws SQLException {
        Connection opened = new Driver().connect(jdbcUrl, properties);
        if (opened == null) throw new SQLException("the ClickHouse driver does not accept " + jdbcUrl);
        return opened;
    }
}
