package cn.binjiang.union.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's text checks without ClickHouse: what is sent, and the officer rewrite. */
class SqlGuardTest {
    @Test
    void commentsAreDroppedAndAFinalSemicolonToo() {
        SqlGuard.Checked c = SqlGuard.check("SELECT 1 /* x */ AS a -- y\n;  -- z", Optional.empty());
        assertThat(c.sql()).isEqualTo("SELECT 1   AS a");
        assertThat(c.takesSettings()).isTrue();
        assertThat(SqlGuard.check("SHOW TABLES", Optional.empty()).takesSettings()).isFalse();
    }

    @Test
    void quotesKeepTheirSemicolonsAndKeywords() {
        assertThat(SqlGuard.check("SELECT 'DROP; SET x' AS `SETTINGS`", Optional.empty()).sql())
                .isEqualTo("SELECT 'DROP; SET x' AS `SETTINGS`");
    }

    @Test
    void anOfficersViewsAreRestrictedAndTheResultWrapped() {
        assertThat(SqlGuard.check("SELECT street, value FROM kpi_latest AS k JOIN kpi_progress p USING (kpi_id)", Optional.of("xixing")).sql())
                .isEqualTo("SELECT * FROM (SELECT street, value FROM (SELECT * FROM kpi_latest WHERE street = 'xixing') AS k "
                        + "JOIN (SELECT * FROM kpi_progress WHERE street = 'xixing') p USING (kpi_id)\n) WHERE street = 'xixing'");
        assertThatThrownBy(() -> SqlGuard.check("SELECT street FROM kpi_latest, kpi_values", Optional.of("xixing")))
                .isInstanceOf(SqlGuard.Refusal.class).hasMessageContaining("may not list tables with ','");
        assertThatThrownBy(() -> SqlGuard.check("SELECT street FROM kpi_latest", Optional.of("x' OR 1 --")))
                .isInstanceOf(IllegalStateException.class);
    }
}
