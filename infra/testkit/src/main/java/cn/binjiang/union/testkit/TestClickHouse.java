package cn.binjiang.union.testkit;

import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * A real ClickHouse shared by every test of one JVM: the official image with Docker, the
 * embedded engine as its own process without. Each test class takes a database of its own
 * ({@link #freshDatabase}) so classes never see each other's tables.
 */
public final class TestClickHouse {
    static final String IMAGE = OfficialImages.of("clickhouse");

    private static TestClickHouse shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private TestClickHouse(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestClickHouse shared() {
        if (shared == null) {
            shared = TestStack.useContainers() ? startContainer() : startEmbedded();
        }
        return shared;
    }

    /** A ClickHouse a test started itself (e.g. to stop and restart it), addressed like the shared one. */
    public static TestClickHouse at(String host, int port, String user, String password) {
        return new TestClickHouse(host, port, user, password);
    }

    /** The user the tests connect as (a server's own, or {@code default} of the embedded engine). */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String httpUrl() {
        return "http://" + host + ":" + port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:clickhouse://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Drops and creates {@code name}, returning it, so a test starts from an empty database. */
    public String freshDatabase(String name) throws SQLException {
        try (Connection c = connect("default");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static TestClickHouse startContainer() {
        ClickHouseContainer ch = new ClickHouseContainer(IMAGE);
        ch.start();
        Runtime.getRuntime().addShutdownHook(new Thread(ch::stop, "test-clickhouse-stop"));
        return new TestClickHouse(ch.getHost(), ch.getMappedPort(8123), ch.getUsername(), ch.getPassword());
    }

    private static TestClickHouse startEmbedded() {
        try {
            Path dataDir = Files.createTempDirectory("test-clickhouse-");
            EmbeddedClickHouseProcess ch =
                    EmbeddedClickHouseProcess.builder(dataDir).maxHeap("512m").start();
            Runtime.getRuntime().addShutdownHook(new Thread(ch::close, "test-clickhouse-stop"));
            return new TestClickHouse("127.0.0.1", ch.port(), "default", "");
        } catch (IOException e) {
            throw new UncheckedIOException("starting the embedded ClickHouse for tests failed", e);
        }
    }
}
