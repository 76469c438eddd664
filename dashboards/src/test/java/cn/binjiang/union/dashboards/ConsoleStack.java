package cn.binjiang.union.dashboards;

import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The console's production wiring for tests, shared by the test classes of one JVM: an embedded ClickHouse with
 * the local stack's users file ({@code default} read-write, {@code reader} for the panels, {@code console} with the
 * console's profile), and a dashboard server in demo mode that reads panels as {@code reader} and runs the SQL
 * console as {@code console}. Unlike {@code TestClickHouse}, whose only user is {@code default}, this engine holds
 * the console to its profile's limits, as ./platform up does.
 */
public final class ConsoleStack {
    static final Path USERS = Path.of("../infra/clickhouse-embedded/config/local-users.properties");
    private static ConsoleStack shared;

    private final EmbeddedClickHouseProcess clickhouse;

    private ConsoleStack(EmbeddedClickHouseProcess clickhouse) {
        this.clickhouse = clickhouse;
    }

    public static synchronized ConsoleStack shared() {
        if (shared == null) {
            try {
                Path dataDir = Files.createTempDirectory(Path.of("target"), "console-clickhouse-");
                EmbeddedClickHouseProcess ch = EmbeddedClickHouseProcess.builder(dataDir)
                        .usersFile(USERS)
                        .maxHeap("512m")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(ch::close, "console-clickhouse-stop"));
                shared = new ConsoleStack(ch);
            } catch (IOException e) {
                throw new UncheckedIOException("starting the embedded ClickHouse with the stack's users failed", e);
            }
        }
        return shared;
    }

    /** The engine's HTTP interface, e.g. {@code http://127.0.0.1:8123}. */
    public String httpUrl() {
        return clickhouse.httpUrl();
    }

    String jdbcUrl(String database) {
        return "jdbc:clickhouse://127.0.0.1:" + clickhouse.port() + "/" + database;
    }

    public Connection connect(String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /**
     * A new database named {@code name}, migrated, holding {@code dataset} (statements separated by ";\n", or none).
     */
    public String freshDatabase(String name, String dataset) throws Exception {
        try (Connection c = connect("default", "default", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        try (Connection c = connect(name, "default", "");
                Statement s = c.createStatement()) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            for (String statement : dataset.split(";\n")) if (!statement.isBlank()) s.execute(statement);
        }
        return name;
    }

    /** The dashboard server on {@code database}: demo users, panels as reader, the console as console. */
    DashboardServer server(String database, Map<String, String> extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.mode",
                "demo",
                "--server.port",
                "0",
                "--clickhouse.url",
                jdbcUrl(database),
                "--clickhouse.user",
                "reader",
                "--clickhouse.password",
                "reader",
                "--sql.clickhouse-user",
                "console",
                "--sql.clickhouse-password",
                "console"));
        extra.forEach((key, value) -> args.addAll(List.of("--" + key, value)));
        return DashboardServer.start(DashboardConfig.load(args.toArray(String[]::new), Map.of()));
    }
}
