package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.clickhouse.EmbeddedClickHouseProcess;
import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.operations.migration.MigrationSource;
import cn.binjiang.union.operations.migration.Migrator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production wiring as the local stack runs it: an embedded ClickHouse with the stack's users file
 * ({@code default} read-write, {@code reader} read-only), and the dashboard server on its DEFAULT
 * ClickHouse credentials ({@code reader}/{@code reader}): it reads the panels, and the user it reads
 * with cannot write.
 */
class ReaderUserIT {
    static final Path USERS = Path.of("../infra/clickhouse-embedded/config/local-users.properties");
    static EmbeddedClickHouseProcess clickhouse;
    static DashboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "reader-clickhouse-");
        clickhouse = EmbeddedClickHouseProcess.builder(dataDir)
                .usersFile(USERS)
                .maxHeap("512m")
                .start();
        try (Connection c = connect("default", "");
                Statement s = c.createStatement()) {
            new Migrator(c).migrate(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION));
            s.execute(
                    "INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at)"
                            + " VALUES ('unions_founded_realname', 'year', '2022-01-01', 'puyan', '', '', '', 230, 230, '2022-12-31 12:00:00')");
        }
        server = DashboardServer.start(DashboardConfig.load(
                new String[] {"--server.mode", "demo", "--server.port", "0", "--clickhouse.url", url()}, Map.of()));
        assertThat(DashboardConfig.load(new String[] {"--server.mode", "demo"}, Map.of())
                        .clickhouseUser())
                .isEqualTo("reader");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (clickhouse != null) clickhouse.close();
    }

    @Test
    void theServerReadsPanelsAsTheReadOnlyReader() throws Exception {
        JsonNode rows = ItClient.login("http://127.0.0.1:" + server.port(), "puyan", "puyan-demo")
                .getJson("/api/panels/unions_by_street?year=2022")
                .get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("street").asText()).isEqualTo("puyan");
        assertThat(rows.get(0).get("value").decimalValue()).isEqualByComparingTo("230");
    }

    @Test
    void theSqlConsoleRunsAsTheReaderWithItsLimits() throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        ItClient analyst = ItClient.login(base, "analyst", "analyst-demo");
        HttpResponse<String> ok =
                analyst.sql("SELECT street, value FROM kpi_latest WHERE kpi_id = 'unions_founded_realname'");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ItClient.withoutLimits(ok.body()))
                .isEqualTo(
                        "{\"scope\":{\"street\":null},\"columns\":[\"street\",\"value\"],\"rows\":[{\"street\":\"puyan\",\"value\":230.00}]}");
        HttpResponse<String> huge = analyst.sql("SELECT number FROM system.numbers");
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
        // the console reads one row past its limit and stops: an error, never a silent cut
        assertThat(huge.body())
                .isEqualTo("{\"error\":\"result too large: more than 10000 rows (add a LIMIT or aggregate)\"}");
        ItClient puyan = ItClient.login(base, "puyan", "puyan-demo");
        HttpResponse<String> officer = puyan.sql("SELECT street, value FROM kpi_latest");
        assertThat(officer.statusCode()).as(officer.body()).isEqualTo(200);
        assertThat(officer.body()).endsWith("\"rows\":[{\"street\":\"puyan\",\"value\":230.00}]}");
    }

    @Test
    void theReaderCannotWrite() throws Exception {
        try (Connection c = connect("reader", "reader");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(
                            "INSERT INTO targets (year, kpi_id, street, target, note) VALUES (2022, 'x', '', 1, '')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("DROP TABLE kpi_values")).isInstanceOf(SQLException.class);
        }
    }

    static String url() {
        return "jdbc:clickhouse://127.0.0.1:" + clickhouse.port() + "/default";
    }

    static Connection connect(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(url(), p);
    }
}
