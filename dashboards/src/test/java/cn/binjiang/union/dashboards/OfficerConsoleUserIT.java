package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code sql.officer-clickhouse-user}, a street officer's console queries run as their street's ClickHouse
 * user (on a real ClickHouse the one users.sql scopes with row policies). Here console_xixing's profile allows
 * reading one row, so its queries fail where the district's console user and puyan's succeed: that shows which
 * user ran them.
 */
class OfficerConsoleUserIT {
    static EmbeddedClickHouseProcess clickhouse;
    static DashboardServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "officer-users-");
        String console = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest("console".getBytes(StandardCharsets.UTF_8)));
        Path users = Files.writeString(
                dir.resolve("users.properties"),
                Files.readString(ConsoleStack.USERS)
                        + String.join(
                                "\n",
                                "",
                                "console_xixing.password_sha256_hex = " + console,
                                "console_xixing.readonly = true",
                                "console_xixing.profile.max_rows_to_read = 1",
                                "console_xixing.profile.read_overflow_mode = throw",
                                "console_changhe.password_sha256_hex = " + console,
                                "console_changhe.readonly = true",
                                "console_puyan.password_sha256_hex = " + console,
                                "console_puyan.readonly = true",
                                ""));
        clickhouse = EmbeddedClickHouseProcess.builder(dir.resolve("data"))
                .usersFile(users)
                .maxHeap("512m")
                .start();
        String url = "jdbc:clickhouse://127.0.0.1:" + clickhouse.port() + "/default";
        try (Connection c = DriverManager.getConnection(url, "default", "");
                Statement s = c.createStatement()) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            s.execute(
                    "INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES"
                            + " ('unions_founded_realname', 'year', '2022-01-01', 'puyan', '', '', '', 230, 230, '2022-12-31 12:00:00'),"
                            + " ('unions_founded_realname', 'year', '2022-01-01', 'xixing', '', '', '', 410, 410, '2022-12-31 12:00:00')");
        }
        server = DashboardServer.start(DashboardConfig.load(
                new String[] {
                    "--server.mode",
                    "demo",
                    "--server.port",
                    "0",
                    "--clickhouse.url",
                    url,
                    "--sql.clickhouse-user",
                    "console",
                    "--sql.clickhouse-password",
                    "console",
                    "--sql.officer-clickhouse-user",
                    "console_{street}",
                    "--sql.officer-clickhouse-password",
                    "console"
                },
                Map.of()));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (clickhouse != null) clickhouse.close();
    }

    @Test
    void eachOfficerRunsAsTheirStreetsUserAndTheDistrictAsTheConsoleUser() throws Exception {
        String sql = "SELECT sum(value) AS v FROM kpi_latest WHERE kpi_id = 'unions_founded_realname'";
        assertThat(ItClient.login(base, "analyst", "analyst-demo").sql(sql).body())
                .endsWith("\"rows\":[{\"v\":640.00}]}");
        assertThat(ItClient.login(base, "puyan", "puyan-demo").sql(sql).body()).endsWith("\"rows\":[{\"v\":230.00}]}");
        HttpResponse<String> xixing =
                ItClient.login(base, "xixing", "xixing-demo").sql(sql);
        assertThat(xixing.statusCode()).as(xixing.body()).isEqualTo(400);
        assertThat(xixing.body()).contains("result or work too large").contains("max_rows_to_read");
    }
}
