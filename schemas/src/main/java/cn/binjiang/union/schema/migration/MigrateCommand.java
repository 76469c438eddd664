package cn.binjiang.union.schema.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code MigrateCommand [--cluster NAME]}: applies the project's ClickHouse migrations.
 * The server comes from CLICKHOUSE_URL (a JDBC URL), CLICKHOUSE_USER and CLICKHOUSE_PASSWORD.
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
        String url = env("CLICKHOUSE_URL", "jdbc:clickhouse://localhost:8123/default");
        Properties props = new Properties();
        props.setProperty("user", env("CLICKHOUSE_USER", "default"));
        props.setProperty("password", env("CLICKHOUSE_PASSWORD", ""));
        try (Connection c = DriverManager.getConnection(url, props)) {
            List<Migration> applied = new Migrator(c, cluster).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            System.out.println(applied.isEmpty()
                    ? "migrations: up to date"
                    : "migrations: applied " + applied.stream().map(Migration::fileName).toList());
        } catch (MigrationException e) {
            System.err.println("migrate: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
