package cn.binjiang.union.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlConsoleLogLineTest {
    @Test
    void lineBreaksAndControlCharactersCannotForgeALogLine() {
        assertThat(SqlConsole.logLine("SELECT 1\n2026-12-05 INFO [main] login of 'leader' accepted\r\u0007\u200B"))
                .isEqualTo("SELECT 1\\n2026-12-05 INFO [main] login of 'leader' accepted\\r\\u0007\\u200B");
        assertThat(SqlConsole.logLine("SELECT '西兴'")).isEqualTo("SELECT '西兴'");
    }

    @Test
    void aResidentIdNumberInTheQueryIsMasked() {
        String logged = SqlConsole.logLine("SELECT * FROM enrollment_events WHERE worker_id = '11010519491231002X'");
        assertThat(logged)
                .doesNotContain("11010519491231002X")
                .startsWith("SELECT * FROM enrollment_events WHERE worker_id = '");
    }

    @Test
    void aLongQueryIsCutAt500CharactersWithAnEllipsis() {
        assertThat(SqlConsole.logLine("x".repeat(501))).isEqualTo("x".repeat(500) + "…");
        assertThat(SqlConsole.logLine("x".repeat(500))).isEqualTo("x".repeat(500));
    }
}
