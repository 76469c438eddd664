package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A KPI's drill-down page ({@code GET /api/kpis/{id}}) over HTTP against a real, migrated ClickHouse holding known
 * cells of 2021 and 2022 (older versions of a cell kept, merges stopped) and a data clock on 2022-05-20: the year
 * against target beside last year's, each month against the same month of 2021 (同比) and the month before (环比),
 * the months the clock has not reached without a value, the days of both years, each street's target and completion,
 * the industries and employment forms; for a street the same of its own cells only. A street officer asking for
 * another street is refused (403), as are an unknown KPI (404) and a bad year (400); and the page's address.
 */
class KpiDrillDownIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();

    static final String DATASET = """
            INSERT INTO streets (code, name_zh, name_en, river_side) VALUES
                ('xixing', '西兴街道', 'Xixing', 'jiangnan'), ('changhe', '长河街道', 'Changhe', 'jiangnan'),
                ('puyan', '浦沿街道', 'Puyan', 'jiangnan');
            INSERT INTO enrollment_events (event_id, occurred_at, event_type) VALUES
                ('00000000-0000-4000-8000-0000000e1001', '2022-05-20 10:00:00', 'member_joined');
            INSERT INTO targets (year, kpi_id, street, target, note) VALUES
                (2022, 'members_joined', '', 100, ''), (2022, 'members_joined', 'xixing', 50, ''),
                (2022, 'members_joined', 'changhe', 30, ''), (2022, 'members_joined', 'puyan', 20, ''),
                (2021, 'members_joined', '', 80, '');
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('members_joined', 'year', '2022-01-01', '', '', '', '', 60, 60, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'xixing', '', '', '', 30, 30, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'changhe', '', '', '', 20, 20, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'puyan', '', '', '', 10, 10, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2021-01-01', '', '', '', '', 73, 73, '2021-12-31 10:00:00'),
                ('members_joined', 'year', '2021-01-01', 'xixing', '', '', '', 25, 25, '2021-12-31 10:00:00'),
                ('members_joined', 'month', '2022-01-01', '', '', '', '', 10, 10, '2022-01-31 10:00:00'),
                ('members_joined', 'month', '2022-02-01', '', '', '', '', 20, 20, '2022-02-28 10:00:00'),
                ('members_joined', 'month', '2022-04-01', '', '', '', '', 25, 25, '2022-04-30 10:00:00'),
                ('members_joined', 'month', '2022-05-01', '', '', '', '', 5, 5, '2022-05-20 10:00:00'),
                ('members_joined', 'month', '2021-01-01', '', '', '', '', 5, 5, '2021-01-31 10:00:00'),
                ('members_joined', 'month', '2021-02-01', '', '', '', '', 10, 10, '2021-02-28 10:00:00'),
                ('members_joined', 'month', '2021-04-01', '', '', '', '', 50, 50, '2021-04-30 10:00:00'),
                ('members_joined', 'month', '2021-12-01', '', '', '', '', 8, 8, '2021-12-31 10:00:00'),
                ('members_joined', 'month', '2022-01-01', 'xixing', '', '', '', 4, 4, '2022-01-31 10:00:00'),
                ('members_joined', 'month', '2021-01-01', 'xixing', '', '', '', 2, 2, '2021-01-31 10:00:00'),
                ('members_joined', 'day', '2022-01-03', '', '', '', '', 4, 4, '2022-01-03 10:00:00'),
                ('members_joined', 'day', '2022-01-04', '', '', '', '', 6, 6, '2022-01-04 10:00:00'),
                ('members_joined', 'day', '2021-01-05', '', '', '', '', 5, 5, '2021-01-05 10:00:00'),
                ('members_joined', 'day', '2022-01-03', 'xixing', '', '', '', 4, 4, '2022-01-03 10:00:00'),
                ('members_joined', 'year', '2022-01-01', '', 'digital_economy', '', '', 35, 35, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', '', 'modern_services', '', '', 25, 25, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'xixing', 'digital_economy', '', '', 20, 20, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'xixing', 'modern_services', '', '', 10, 10, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'changhe', 'digital_economy', '', '', 15, 15, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', '', '', 'food_delivery_rider', '', 8, 8, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', '', '', 'courier', '', 2, 2, '2022-05-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'xixing', '', 'courier', '', 2, 2, '2022-05-20 10:00:00'),
                ('aid_funds_raised_cny', 'year', '2022-01-01', '', '', '', '', 784000, 3, '2022-05-20 10:00:00'),
                ('aid_funds_raised_cny', 'year', '2022-01-01', 'district_level', '', '', '', 784000, 3, '2022-05-20 10:00:00');
            INSERT INTO targets (year, kpi_id, street, target, note) VALUES (2022, 'aid_funds_raised_cny', '', 800000, '')
            """;
    /** Older versions of two cells, each in its own part: a read without the newest version would count them. */
    static final String SUPERSEDED = """
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('members_joined', 'month', '2022-01-01', '', '', '', '', 7, 7, '2022-01-20 10:00:00'),
                ('members_joined', 'year', '2022-01-01', 'xixing', 'digital_economy', '', '', 19, 19, '2022-05-19 10:00:00')
            """;

    static DashboardServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        // merges stopped before the dataset, so the superseded cell versions stay beside the newest
        String db = ItClient.freshDatabase(
                CLICKHOUSE, "kpi_drill_down", "SYSTEM STOP MERGES kpi_values;\n" + DATASET, SUPERSEDED);
        server = ItClient.server(CLICKHOUSE, db, Map.of());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void theDistrictsKpiPageHasItsYearMonthsDaysStreetsIndustriesAndEmploymentForms() throws Exception {
        JsonNode page = ItClient.login(base, "leader", "leader-demo").getJson("/api/kpis/members_joined?year=2022");
        assertThat(page.get("kpi").toString())
                .isEqualTo("{\"id\":\"members_joined\",\"name\":\"入会人数\",\"unit\":\"人\",\"hasTarget\":true}");
        assertThat(page.get("year").asInt()).isEqualTo(2022);
        assertThat(page.get("scope").get("street").isNull()).isTrue();
        assertThat(page.get("asOf").asText()).isEqualTo("2022-05-20T10:00:00.000+08:00");
        assertThat(ItClient.texts(page.get("total"), "actual", "target", "completion_rate", "last_year"))
                .containsExactly("60", "100", "0.6", "73");
        assertThat(ItClient.rowTexts(page.get("months"), "month", "value", "last_year", "yoy", "mom"))
                .as("同比 against 2021's month, 环比 against the month before (December 2021 for January); no value"
                        + " after the data clock's May, no rate on a base of 0")
                .containsExactly(
                        List.of("2022-01", "10", "5", "1", "0.25"),
                        List.of("2022-02", "20", "10", "1", "1"),
                        List.of("2022-03", "0", "0", "NULL", "-1"),
                        List.of("2022-04", "25", "50", "-0.5", "NULL"),
                        List.of("2022-05", "5", "0", "NULL", "-0.8"),
                        List.of("2022-06", "NULL", "0", "NULL", "NULL"),
                        List.of("2022-07", "NULL", "0", "NULL", "NULL"),
                        List.of("2022-08", "NULL", "0", "NULL", "NULL"),
                        List.of("2022-09", "NULL", "0", "NULL", "NULL"),
                        List.of("2022-10", "NULL", "0", "NULL", "NULL"),
                        List.of("2022-11", "NULL", "0", "NULL", "NULL"),
                        List.of("2022-12", "NULL", "8", "NULL", "NULL"));
        assertThat(ItClient.rowTexts(page.get("days").get("this_year"), "day", "value"))
                .containsExactly(List.of("2022-01-03", "4"), List.of("2022-01-04", "6"));
        assertThat(ItClient.rowTexts(page.get("days").get("last_year"), "day", "value"))
                .containsExactly(List.of("2021-01-05", "5"));
        assertThat(ItClient.rowTexts(page.get("streets"), "street", "actual", "target", "completion_rate"))
                .containsExactly(
                        List.of("changhe", "20", "30", Double.toString(20.0 / 30)),
                        List.of("puyan", "10", "20", "0.5"),
                        List.of("xixing", "30", "50", "0.6"));
        assertThat(ItClient.rowTexts(page.get("by").get("industry"), "code", "value"))
                .containsExactly(List.of("digital_economy", "35"), List.of("modern_services", "25"));
        assertThat(ItClient.rowTexts(page.get("by").get("employment_form"), "code", "value"))
                .containsExactly(List.of("food_delivery_rider", "8"), List.of("courier", "2"));
    }

    @Test
    void aStreetsKpiPageIsReadFromThatStreetsCellsOnlyForTheLeaderAndItsOfficerAlike() throws Exception {
        List<String> asked = List.of(
                "leader:/api/kpis/members_joined?year=2022&street=xixing",
                "xixing:/api/kpis/members_joined?year=2022&street=xixing",
                "xixing:/api/kpis/members_joined?year=2022");
        for (String ask : asked) {
            String user = ask.substring(0, ask.indexOf(':'));
            JsonNode page = ItClient.login(base, user, user + "-demo").getJson(ask.substring(ask.indexOf(':') + 1));
            assertThat(page.get("scope").get("street").asText()).as(ask).isEqualTo("xixing");
            assertThat(ItClient.texts(page.get("total"), "actual", "target", "completion_rate", "last_year"))
                    .as(ask)
                    .containsExactly("30", "50", "0.6", "25");
            assertThat(ItClient.rowTexts(page.get("months"), "month", "value", "last_year", "yoy", "mom")
                            .subList(0, 2))
                    .as(ask)
                    .containsExactly(
                            List.of("2022-01", "4", "2", "1", "NULL"), List.of("2022-02", "0", "0", "NULL", "-1"));
            assertThat(ItClient.rowTexts(page.get("days").get("this_year"), "day", "value"))
                    .as(ask)
                    .containsExactly(List.of("2022-01-03", "4"));
            assertThat(page.get("days").get("last_year")).as(ask).isEmpty();
            assertThat(ItClient.rowTexts(page.get("streets"), "street", "actual", "target", "completion_rate"))
                    .as(ask)
                    .containsExactly(List.of("xixing", "30", "50", "0.6"));
            assertThat(ItClient.rowTexts(page.get("by").get("industry"), "code", "value"))
                    .as(ask)
                    .containsExactly(List.of("digital_economy", "20"), List.of("modern_services", "10"));
            assertThat(ItClient.rowTexts(page.get("by").get("employment_form"), "code", "value"))
                    .as(ask)
                    .containsExactly(List.of("courier", "2"));
            assertThat(page.toString()).as(ask).doesNotContain("changhe").doesNotContain("puyan");
        }
    }

    @Test
    void aKpiWithoutIndustryOrEmploymentFormHasOnlyItsStreetsAndDistrictLevel() throws Exception {
        JsonNode page =
                ItClient.login(base, "analyst", "analyst-demo").getJson("/api/kpis/aid_funds_raised_cny?year=2022");
        assertThat(page.get("kpi").get("unit").asText()).isEqualTo("元");
        assertThat(ItClient.texts(page.get("total"), "actual", "target", "completion_rate", "last_year"))
                .containsExactly("784000", "800000", "0.98", "0");
        assertThat(ItClient.rowTexts(page.get("streets"), "street", "actual", "target"))
                .containsExactly(List.of("district_level", "784000", "NULL"));
        assertThat(page.get("by").size()).isZero();
    }

    @Test
    void anOfficerAskingForAnotherStreetAnUnknownKpiOrABadYearIsRefusedWithTheReason() throws Exception {
        ItClient officer = ItClient.login(base, "xixing", "xixing-demo");
        assertRefused(officer.get("/api/kpis/members_joined?year=2022&street=changhe"), 403, "只能查看本街道");
        ItClient leader = ItClient.login(base, "leader", "leader-demo");
        assertRefused(leader.get("/api/kpis/members_gained?year=2022"), 404, "no KPI 'members_gained'");
        assertRefused(leader.get("/api/kpis/members_joined?year=22"), 400, "year must be a year 2000..2100, got '22'");
        assertRefused(leader.get("/api/kpis/members_joined?year=2022&street=nowhere"), 404, "no street 'nowhere'");
        assertThat(new ItClient(base, null, null)
                        .get("/api/kpis/members_joined")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theKpiPagesAddressIsTheDistrictsOrAStreetsAndAnOfficerIsSentToTheirs() throws Exception {
        ItClient leader = ItClient.login(base, "leader", "leader-demo");
        assertThat(leader.get("/kpi/members_joined?year=2022").body()).contains("/assets/cockpit.js");
        assertThat(leader.get("/street/changhe/kpi/members_joined").statusCode())
                .isEqualTo(200);
        assertThat(leader.get("/kpi/members_gained").statusCode()).isEqualTo(404);
        ItClient officer = ItClient.login(base, "xixing", "xixing-demo");
        assertThat(officer.get("/kpi/members_joined?year=2022&screen=large")
                        .headers()
                        .firstValue("Location"))
                .hasValue("/street/xixing/kpi/members_joined?year=2022&screen=large");
        assertThat(officer.get("/street/xixing/kpi/members_joined").statusCode())
                .isEqualTo(200);
        assertThat(officer.get("/street/changhe/kpi/members_joined").statusCode())
                .isEqualTo(403);
        assertThat(new ItClient(base, null, null)
                        .get("/kpi/members_joined")
                        .headers()
                        .firstValue("Location"))
                .hasValue("/login?next=%2Fkpi%2Fmembers_joined");
    }

    private static void assertRefused(HttpResponse<String> r, int status, String reason) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(ItClient.JSON.readTree(r.body()).get("error").asText()).contains(reason);
    }
}
