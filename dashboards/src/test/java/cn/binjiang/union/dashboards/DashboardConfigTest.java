package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.dashboards.config.DashboardOptions.Mode;
import cn.binjiang.union.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardConfigTest {
    static final String SECRET = "a-real-secret-of-more-than-32-bytes-0123456789";

    @Test
    void demoModeRunsWithDefaultsOnTheReadOnlyUser() {
        DashboardConfig c = DashboardConfig.load(new String[] {"--server.mode", "demo"}, Map.of());
        assertThat(c.mode()).isEqualTo(Mode.DEMO);
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.clickhouseUser()).isEqualTo("reader");
        assertThat(c.clickhouseUrl()).isEqualTo("jdbc:clickhouse://localhost:8123/default");
        assertThat(c.sessionSecret()).isEqualTo(DashboardConfig.DEMO_SESSION_SECRET);
        assertThat(c.sessionTtl()).isEqualTo(Duration.ofHours(8));
        assertThat(c.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.oneSessionPerUser()).isTrue();
        assertThat(c.usersFile()).isEmpty();
        assertThat(c.maxFailedLogins()).isEqualTo(5);
        assertThat(c.maxFailedLoginsPerUser()).isEqualTo(20);
        assertThat(c.loginLockout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aPerUserLoginLimitBelowThePerAddressOneFailsNamingTheKey() {
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--auth.max-failed-logins-per-user", "4"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("auth.max-failed-logins-per-user: must be at least auth.max-failed-logins (5), got 4");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--auth.max-failed-logins-per-user", "0"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("auth.max-failed-logins-per-user: must be at least 1, got 0");
        DashboardConfig c = DashboardConfig.load(
                new String[] {
                    "--server.mode", "demo", "--auth.max-failed-logins", "3", "--auth.max-failed-logins-per-user", "3"
                },
                Map.of());
        assertThat(c.maxFailedLoginsPerUser()).isEqualTo(3);
    }

    @Test
    void theConsolesUsersDefaultToThePanelsAndAnOfficerTemplateMustNameTheStreet() {
        DashboardConfig plain = DashboardConfig.load(new String[] {"--server.mode", "demo"}, Map.of());
        assertThat(plain.sqlClickhouseUser()).isEqualTo("reader");
        assertThat(plain.sqlOfficerClickhouseUser()).isEmpty();
        DashboardConfig officers = DashboardConfig.load(
                new String[] {
                    "--server.mode",
                    "demo",
                    "--sql.clickhouse-user",
                    "console",
                    "--sql.officer-clickhouse-user",
                    "console_{street}"
                },
                Map.of("SQL_OFFICER_CLICKHOUSE_PASSWORD", "s3cret"));
        assertThat(officers.sqlOfficerClickhouseUser()).contains("console_{street}");
        assertThat(officers.sqlOfficerClickhousePassword()).isEqualTo("s3cret");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--sql.officer-clickhouse-user", "console"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sql.officer-clickhouse-user: must contain {street}, got 'console'");
    }

    @Test
    void productionWithoutASessionSecretRefusesToStartNamingTheKey() {
        assertThatThrownBy(() -> DashboardConfig.load(new String[] {"--auth.users-file", "u.yaml"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("session.secret: required in production");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "production", "--auth.users-file", "u.yaml"},
                        Map.of("DASHBOARD_SESSION_SECRET", "")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("session.secret:");
    }

    @Test
    void productionRefusesTheDemoSecretAndAShortOne() {
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--auth.users-file", "u.yaml"},
                        Map.of("DASHBOARD_SESSION_SECRET", DashboardConfig.DEMO_SESSION_SECRET)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("session.secret")
                .hasMessageContaining("demo secret");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--auth.users-file", "u.yaml"}, Map.of("DASHBOARD_SESSION_SECRET", "short")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("session.secret: must be at least 32 bytes");
    }

    @Test
    void theSessionCookieIsSecureOutsideDemoModeAndOnlyWhenAskedForInDemoMode() {
        Map<String, String> env = Map.of("DASHBOARD_SESSION_SECRET", SECRET);
        assertThat(DashboardConfig.load(new String[] {"--auth.users-file", "u.yaml"}, env)
                        .secureCookie())
                .isTrue();
        assertThat(DashboardConfig.load(
                                new String[] {"--auth.users-file", "u.yaml", "--session.secure-cookie", "true"}, env)
                        .secureCookie())
                .isTrue();
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--auth.users-file", "u.yaml", "--session.secure-cookie", "false"}, env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("session.secure-cookie: false is refused in production mode");
        assertThat(DashboardConfig.load(new String[] {"--server.mode", "demo"}, Map.of())
                        .secureCookie())
                .isFalse();
        assertThat(DashboardConfig.load(
                                new String[] {"--server.mode", "demo", "--session.secure-cookie", "true"}, Map.of())
                        .secureCookie())
                .isTrue();
        assertThat(DashboardConfig.load(
                                new String[] {"--server.mode", "demo", "--session.secure-cookie", "false"}, Map.of())
                        .secureCookie())
                .isFalse();
    }

    @Test
    void productionRequiresAUsersFile() {
        assertThatThrownBy(() -> DashboardConfig.load(new String[0], Map.of("DASHBOARD_SESSION_SECRET", SECRET)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("auth.users-file: required in production");
    }

    @Test
    void productionWithASecretAndUsersStarts() {
        DashboardConfig c = DashboardConfig.load(
                new String[] {"--auth.users-file", "u.yaml"},
                Map.of("DASHBOARD_SESSION_SECRET", SECRET, "CLICKHOUSE_PASSWORD", "pw"));
        assertThat(c.mode()).isEqualTo(Mode.PRODUCTION);
        assertThat(c.sessionSecret()).isEqualTo(SECRET);
        assertThat(c.clickhousePassword()).isEqualTo("pw");
        assertThat(c.toString()).doesNotContain(SECRET).doesNotContain("pw,");
    }

    @Test
    void anUnknownKeyOrABadValueFailsNamingTheKey() {
        assertThatThrownBy(() ->
                        DashboardConfig.load(new String[] {"--server.mode", "demo", "--server.prot", "80"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown setting 'server.prot'");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--server.port", "eighty"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("server.port:");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--server.port", "70000"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("server.port: must be a port");
        assertThatThrownBy(() -> DashboardConfig.load(new String[] {"--server.mode", "staging"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("server.mode:");
        assertThatThrownBy(() ->
                        DashboardConfig.load(new String[] {"--server.mode", "demo", "--session.ttl", "0s"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("session.ttl:");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--session.idle-timeout", "30"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("session.idle-timeout: must be a duration like 500ms, 5s, 10m, 8h, got '30'");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--session.one-per-user", "yes"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("session.one-per-user: must be true or false, got 'yes'");
        assertThatThrownBy(() -> DashboardConfig.load(
                        new String[] {"--server.mode", "demo", "--auth.max-failed-logins-per-user", "many"}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("auth.max-failed-logins-per-user: cannot read 'many'");
    }

    @Test
    void aYamlFileWithNestedKeysIsReadAndArgumentsWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dash.yaml");
        Files.writeString(file, """
                server:
                  mode: demo
                  port: 9090
                clickhouse:
                  pool-size: 3
                """);
        DashboardConfig c =
                DashboardConfig.load(new String[] {"--server.port", "9191", "--config", file.toString()}, Map.of());
        assertThat(c.port()).isEqualTo(9191);
        assertThat(c.clickhousePoolSize()).isEqualTo(3);
        Files.writeString(file, "server:\n  mode: demo\nsesion:\n  secret: x\n");
        assertThatThrownBy(() -> DashboardConfig.load(new String[] {"--config", file.toString()}, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown setting 'sesion.secret'");
    }
}
