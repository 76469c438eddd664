package cn.binjiang.union.operations.migration;

import cn.binjiang.union.settings.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code MigrateCommand [--cluster NAME]}: applies the project's ClickHouse migrations to the database of
 * CLICKHOUSE_URL (a JDBC URL), as CLICKHOUSE_USER with CLICKHOUSE_PASSWORD. With {@code --cluster} they take
 * their sharded form ({@link ClusterDialect}): that database holds Distributed tables and views, and
 * {@code <database>_local} the Replicated tables holding the rows.
 */
public final class MigrateCommand {
    private MigrateCommand() {}

    public static void main(String[] args) throws SQLException {
        Optional<String> cluster = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cluster") && i + 1 < args.length) {
                cluster = Optional.of(args[++i]);
            } else {
                System.err.println("migrate: unknown argument '" + args[i] + "'; usage: migrate [--cluster NAME]");
                System.exit(2);
            }
        }
        String url = env("CLICKHOUSE_URL", Endpoints.CLICKHOUSE_URL);
        Properties props = new Properties();
        props.setProperty("user", env("CLICKHOUSE_USER", "default"));
        props.setProperty("password", env("CLICKHOUSE_PASSWORD", ""));
        try (Connection c = DriverManager.getConnection(url, props)) {
            Optional<ClusterDialect> dialect = cluster.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ClusterDialect(cluster.get(), currentDatabase(c)));
            List<Migration> applied =
                    new Migrator(c, dialect).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            System.out.println(
                    applied.isEmpty()
                            ? "migrations: up to date"
                            : "migrations: applied "
                                    + applied.stream().map(Migration::fileName).toList());
        } catch (MigrationException e) {
            System.err.println("migrate: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT currentDatabase()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
