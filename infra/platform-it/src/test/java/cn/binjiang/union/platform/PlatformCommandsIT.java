package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.operations.migration.MigrationSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives ./platform as a user would, on ports of its own so a running demo is left alone:
 * up, a second up, status, sql (as reader, --write, --all, its errors), an HTTP error from ClickHouse,
 * a restart of one service, down, and a port already taken.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformCommandsIT {
    private static LocalStack stack;
    private static int kafkaPort;
    private static int clickhousePort;

    @BeforeAll
    static void portsOfOurOwn() throws IOException {
        stack = new LocalStack();
        kafkaPort = stack.kafkaPort;
        clickhousePort = stack.clickhousePort;
    }

    @AfterAll
    static void down() throws Exception {
        platform("down");
    }

    @Test
    @Order(1)
    void upStartsBothServicesAndAppliesEveryMigration() throws Exception {
        LocalStack.Run up = platform("up");

        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out())
                .contains("kafka: up on localhost:" + kafkaPort)
                .contains("clickhouse: up on 127.0.0.1:" + clickhousePort)
                .contains("migrations: applied [V001__reference_dimensions.sql")
                .contains(
                        "; retention enrollment training competition aid legal 30 d, kpi-updates dead-letter alerts kpi-rebuilds 7 d");
        assertThat(LocalStack.listening(kafkaPort)).isTrue();
        assertThat(LocalStack.listening(clickhousePort)).isTrue();
    }

    @Test
    @Order(2)
    void aSecondUpIsANoOpThatSaysSo() throws Exception {
        LocalStack.Run again = platform("up");

        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("the stack is already up (nothing to do)");
    }

    @Test
    @Order(3)
    void statusListsEachServiceWithPortPidAndDataDir() throws Exception {
        LocalStack.Run status = platform("status");

        assertThat(status.exit()).as(status.out()).isZero();
        assertThat(status.out())
                .containsPattern("kafka\\s+up\\s+" + kafkaPort + "\\s+\\d+\\s+\\S+/data/kafka")
                .containsPattern("clickhouse\\s+up\\s+" + clickhousePort + "\\s+\\d+\\s+\\S+/data/clickhouse")
                // a fresh stack holds no event: each stream's history line, with the retention up set on its topic
                .contains("HISTORY      KAFKA: OLDEST RECORD HELD (RETENTION)  CLICKHOUSE: OLDEST EVENT HELD")
                .containsPattern("(?m)^enrollment\\s+none \\(30 d\\)\\s+none \\(no TTL\\)$")
                .containsPattern("(?m)^legal\\s+none \\(30 d\\)\\s+none \\(no TTL\\)$");
    }

    @Test
    @Order(4)
    void sqlPrintsATableOfTheAppliedMigrations() throws Exception {
        int files = MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION)
                .size();

        LocalStack.Run sql = platform("sql", "SELECT count() AS applied FROM schema_migrations FINAL");

        assertThat(sql.exit()).as(sql.out()).isZero();
        assertThat(sql.out()).contains("applied").containsPattern("│\\s+" + files + "\\s+│");
    }

    @Test
    @Order(6)
    void clickHouseAnswersAnUnknownTableWithCode60() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clickhousePort + "/"))
                                .POST(HttpRequest.BodyPublishers.ofString("SELECT * FROM no_such_table_xyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isNotEqualTo(200);
        assertThat(r.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("60");
        assertThat(r.body()).startsWith("Code: 60. DB::Exception:");
    }

    @Test
    @Order(5)
    void theLocalReadOnlyUserCanReadButNotWriteThroughTheOfficialDriver() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:clickhouse://127.0.0.1:" + clickhousePort + "/default", "reader", "reader");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count() FROM schema_migrations FINAL")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1))
                        .isEqualTo(MigrationSource.fromClasspath(MigrationSource.CLASSPATH_LOCATION)
                                .size());
            }
            assertThatThrownBy(() -> s.execute("CREATE TABLE sneaky (x UInt8) ENGINE = Memory"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(
                            e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(164));
            assertThatThrownBy(() -> s.execute("INSERT INTO targets (year, kpi_id, target) VALUES (2022, 'x', 1)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(
                            e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(164));
        }
    }

    @Test
    @Order(7)
    void sqlRunsAsTheReadOnlyReaderAndWritesOnlyWithWrite() throws Exception {
        LocalStack.Run refused = platform("sql", "CREATE TABLE sneaky (x UInt8) ENGINE = Memory");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out())
                .startsWith("Code: 164. DB::Exception:")
                .contains("(READONLY)")
                .contains("./platform sql --write")
                .doesNotContain("curl");

        assertThat(stack.ok("sql", "--write", "CREATE TABLE written (x UInt8) ENGINE = Memory"))
                .isEmpty();
        stack.ok("sql", "--write", "INSERT INTO written VALUES (7)");
        assertThat(stack.ok("sql", "SELECT sum(x) AS total FROM written")).containsPattern("│\\s+7\\s+│");
        stack.ok("sql", "--write", "DROP TABLE written");
    }

    @Test
    @Order(8)
    void sqlPrintsClickHousesErrorAloneAndRefusesASecondArgument() throws Exception {
        LocalStack.Run unknown = platform("sql", "SELECT * FROM no_such_table_xyz");
        LocalStack.Run two = platform("sql", "SELECT 1", "SELECT 2");

        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).startsWith("Code: 60. DB::Exception:").doesNotContain("curl");
        assertThat(two.exit()).isEqualTo(1);
        assertThat(two.out())
                .contains("one SQL argument only")
                .contains("usage: ./platform sql [--write] [--all] \"QUERY\"");
    }

    @Test
    @Order(9)
    void sqlSaysWhenItsTableCutTheResultAndAllPrintsEveryRow() throws Exception {
        String cut = stack.ok("sql", "SELECT number FROM numbers(1001)");
        String all = stack.ok("sql", "--all", "SELECT number FROM numbers(1001)");

        assertThat(cut).contains("the table shows 1000 of the 1001 rows").contains("./platform sql --all");
        assertThat(all.lines()).hasSize(1 + 1001).startsWith("number", "0").endsWith("1000");
    }

    @Test
    @Order(10)
    void restartingClickHouseLeavesKafkaRunningAndReappliesNothing() throws Exception {
        String kafkaBefore = pid("kafka", stack.ok("status"));
        String clickhouseBefore = pid("clickhouse", stack.ok("status"));

        String restart = stack.ok("restart", "clickhouse");

        String status = stack.ok("status");
        assertThat(restart)
                .contains("clickhouse: stopped")
                .contains("clickhouse: up on 127.0.0.1:" + clickhousePort)
                .doesNotContain("migrations")
                .doesNotContain("reference data")
                .doesNotContain("kafka");
        assertThat(pid("kafka", status)).isEqualTo(kafkaBefore);
        assertThat(pid("clickhouse", status)).isNotEqualTo(clickhouseBefore);
        assertThat(stack.ok("sql", "SELECT count() AS streets FROM streets FINAL"))
                .containsPattern("│\\s+[1-9]\\d*\\s+│");
    }

    @Test
    @Order(11)
    void downStopsBothAndStatusSaysDown() throws Exception {
        LocalStack.Run down = platform("down");

        assertThat(down.exit()).isZero();
        assertThat(down.out()).contains("kafka: stopped").contains("clickhouse: stopped");
        assertThat(LocalStack.listening(kafkaPort)).isFalse();
        assertThat(LocalStack.listening(clickhousePort)).isFalse();
        LocalStack.Run status = platform("status");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).containsPattern("kafka\\s+down").containsPattern("clickhouse\\s+down");
    }

    @Test
    @Order(12)
    void aPortInUseIsAClearErrorNamingThePortAndStartsNothing() throws Exception {
        try (ServerSocket squatter = new ServerSocket(clickhousePort)) {
            LocalStack.Run up = platform("up");

            assertThat(up.exit()).isEqualTo(1);
            assertThat(up.out())
                    .contains("port " + clickhousePort + " (clickhouse) is already in use by another process");
            assertThat(LocalStack.listening(kafkaPort))
                    .as("nothing is started when a port is taken")
                    .isFalse();
        }
    }

    /** The pid ./platform status shows for a running service. */
    private static String pid(String service, String status) {
        Matcher m =
                Pattern.compile("(?m)^" + service + "\\s+up\\s+\\d+\\s+(\\d+)").matcher(status);
        assertThat(m.find()).as("%s up in:%n%s", service, status).isTrue();
        return m.group(1);
    }

    private static LocalStack.Run platform(String... args) throws IOException, InterruptedException {
        return stack.platform(args);
    }
}
