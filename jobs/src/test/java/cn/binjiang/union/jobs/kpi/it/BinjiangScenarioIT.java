package cn.binjiang.union.jobs.kpi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.seeds.reference.LoadReferenceData;
import cn.binjiang.union.seeds.reference.ReferenceTables;
import cn.binjiang.union.seeds.scenario.BinjiangScenario;
import cn.binjiang.union.seeds.truth.GroundTruth;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The acceptance table: the Binjiang scenario replayed as fast as possible through the real job,
 * with the reference data and targets the platform loads, gives the report's figures in
 * kpi_progress, with their completion rates.
 */
class BinjiangScenarioIT {

    @Test
    void kpiProgressShowsTheReportsFigures() throws Exception {
        List<RosterEnterprise> roster = LoadReferenceData.roster();
        List<SpecificRecordBase> scenario = BinjiangScenario.events(2022, roster);
        GroundTruth truth = new GroundTruth();
        scenario.forEach(truth::add);
        try (KpiJobFixture fixture = new KpiJobFixture("binjiang", roster)) {
            try (Connection c = fixture.clickhouse.connect(fixture.database)) {
                ReferenceTables.loadTargets(c);
            }
            Configuration config = fixture.restartableConfig();
            JobClient job = fixture.start(config, fixture.sinksWithoutUpdates(config));
            try {
                scenario.forEach(fixture::send);
                fixture.flush();
                fixture.awaitAccountedAndExact(truth.cells());

                assertThat(fixture.count("SELECT count() FROM rejected_events")).isZero();

                assertProgress(fixture, 2022, "unions_founded_realname", "949", 924.0);
                assertThat(rate(fixture, 2022, "unions_founded_realname")).isCloseTo(949.0 / 924, within(1e-9));
                assertThat(String.format("%.1f%%", 100 * rate(fixture, 2022, "unions_founded_realname")))
                        .isEqualTo("102.7%");
                assertProgress(fixture, 2022, "orgs_digitised", "370", 350.0);
                assertProgress(fixture, 2022, "unions_founded_new_form", "12", 9.0);
                assertThat(rate(fixture, 2022, "unions_founded_new_form")).isCloseTo(12.0 / 9, within(1e-9));
                assertThat(String.format("%.1f%%", 100 * rate(fixture, 2022, "unions_founded_new_form")))
                        .isEqualTo("133.3%");

                assertProgress(fixture, 2022, "aid_funds_raised_cny", "784000", 750000.0);
                assertThat(progress(
                                fixture,
                                "SELECT toString(actual) FROM kpi_progress WHERE year = 2022"
                                        + " AND kpi_id = 'aid_funds_raised_cny' AND street = 'district_level'"))
                        .isEqualTo("784000");
                assertProgress(fixture, 2022, "aid_households", "52", null);
                assertProgress(fixture, 2022, "aid_paid_cny", "247000", null);
                assertThat(progress(
                                fixture,
                                "SELECT toString(sum(actual)) FROM kpi_progress WHERE street = ''"
                                        + " AND kpi_id IN ('aid_funds_raised_cny', 'aid_paid_cny')"))
                        .isEqualTo("1031000");

                assertProgress(fixture, 2021, "legal_packages_granted", "17", 15.0);
                assertProgress(fixture, 2021, "certificates_earned", "379", 360.0);
                assertProgress(fixture, 2021, "legal_group_enterprises", "240", 200.0);
                assertThat(progress(
                                fixture,
                                "SELECT toString(sum(actual)) FROM kpi_progress WHERE street = ''"
                                        + " AND kpi_id = 'legal_group_enterprises'"))
                        .isEqualTo("240");
                assertThat(progress(
                                fixture,
                                "SELECT toString(elapsed_share) FROM kpi_progress WHERE year = 2021"
                                        + " AND kpi_id = 'certificates_earned' AND street = ''"))
                        .isEqualTo("1");

                // the job stopped, the scenario sent again (same ids, as a source re-sends after its own failure), the
                // job resumed
                String before = progress(fixture, PROGRESS_TABLE);
                fixture.awaitFreshCheckpoint();
                KpiJobFixture.stop(job);
                scenario.forEach(fixture::send);
                fixture.flush();
                config = fixture.restartableConfig("--execution.state-recovery.path", fixture.latestCheckpoint());
                job = fixture.start(config, fixture.sinksWithoutUpdates(config));

                fixture.awaitAccountedAndExact(truth.cells());
                assertThat(progress(fixture, PROGRESS_TABLE)).isEqualTo(before);
                assertThat(fixture.count("SELECT count() FROM rejected_events FINAL WHERE reason = 'too_late'")
                                + fixture.count("SELECT count() FROM duplicate_events FINAL"))
                        .isEqualTo(scenario.size());
            } finally {
                job.cancel().get();
            }
        }
    }

    /** kpi_progress as one text, every row and column the cockpit reads. */
    private static final String PROGRESS_TABLE =
            "SELECT arrayStringConcat(groupArray(concat(kpi_id, ' ', street, ' ', toString(year), ' ',"
                    + " toString(actual))), '\\n') FROM (SELECT * FROM kpi_progress ORDER BY kpi_id, street, year)";

    /**
     * The district's row: actual exactly (ClickHouse prints decimals without trailing zeros), target as loaded (null
     * where the KPI has none).
     */
    private static void assertProgress(KpiJobFixture fixture, int year, String kpi, String actual, Double target)
            throws Exception {
        String where = " FROM kpi_progress WHERE year = " + year + " AND kpi_id = '" + kpi + "' AND street = ''";
        assertThat(progress(fixture, "SELECT toString(actual)" + where))
                .as(kpi + " " + year)
                .isEqualTo(actual);
        assertThat(progress(fixture, "SELECT toString(target)" + where))
                .as(kpi + " " + year + " target")
                .isEqualTo(
                        target == null
                                ? null
                                : new BigDecimal(target).stripTrailingZeros().toPlainString());
    }

    private static double rate(KpiJobFixture fixture, int year, String kpi) throws Exception {
        return Double.parseDouble(progress(
                fixture,
                "SELECT toString(completion_rate) FROM kpi_progress WHERE year = " + year + " AND kpi_id = '" + kpi
                        + "' AND street = ''"));
    }

    private static String progress(KpiJobFixture fixture, String sql) throws Exception {
        try (Connection c = fixture.clickhouse.connect(fixture.database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
