package cn.binjiang.union.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.binjiang.union.dashboards.config.DashboardConfig;
import cn.binjiang.union.dashboards.model.Definitions;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.dashboards.web.AuthenticationFilter;
import cn.binjiang.union.dashboards.web.LoginRoutes;
import cn.binjiang.union.settings.ConfigurationException;
import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The dashboard server over HTTP against a real, migrated ClickHouse holding known rows of 2022:
 * exact values per panel, login, 401 without a session, 403 without the CSRF token, and street
 * officers who get no row of another street through any API. The embedded test ClickHouse has only
 * the {@code default} user, so the test connects as that; production wiring defaults to {@code reader}.
 *
 * <p>Longer than 300 lines on purpose: the known rows and every API asked of one server started once.
 */
class DashboardApiIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    static final ObjectMapper JSON =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final List<String> STREETS = List.of("xixing", "changhe", "puyan");
    static final List<String> USERS = List.of("leader", "analyst", "xixing", "changhe", "puyan");
    static final List<Panel> PANELS =
            Definitions.bundled().current().dashboards().get("district").panels();

    static DashboardServer server;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String DATASET = """
            INSERT INTO streets (code, name_zh, name_en, river_side) VALUES
                ('xixing', '西兴街道', 'Xixing', 'jiangnan'), ('changhe', '长河街道', 'Changhe', 'jiangnan'),
                ('puyan', '浦沿街道', 'Puyan', 'jiangnan');
            INSERT INTO targets (year, kpi_id, street, target, note) VALUES
                (2022, 'unions_founded_realname', '', 924, ''), (2022, 'unions_founded_realname', 'xixing', 400, ''),
                (2022, 'unions_founded_realname', 'changhe', 300, ''), (2022, 'unions_founded_realname', 'puyan', 224, ''),
                (2022, 'orgs_digitised', '', 360, ''), (2022, 'orgs_digitised', 'xixing', 120, '');
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('unions_founded_realname', 'year', '2022-01-01', '', '', '', '', 949, 949, '2022-12-31 12:00:00'),
                ('unions_founded_realname', 'year', '2022-01-01', 'xixing', '', '', '', 410, 410, '2022-12-31 12:00:00'),
                ('unions_founded_realname', 'year', '2022-01-01', 'changhe', '', '', '', 300, 300, '2022-12-31 12:00:00'),
                ('unions_founded_realname', 'year', '2022-01-01', 'puyan', '', '', '', 230, 230, '2022-12-31 12:00:00'),
                ('unions_founded_realname', 'year', '2022-01-01', 'district_level', '', '', '', 9, 9, '2022-12-31 12:00:00'),
                ('unions_founded_realname', 'year', '2022-01-01', 'xixing', 'digital_economy', '', '', 300, 300, '2022-12-31 12:00:00'),
                ('orgs_digitised', 'year', '2022-01-01', '', '', '', '', 370, 370, '2022-12-31 12:00:00'),
                ('orgs_digitised', 'year', '2022-01-01', 'xixing', '', '', '', 200, 200, '2022-12-31 12:00:00'),
                ('orgs_digitised', 'year', '2022-01-01', 'changhe', '', '', '', 100, 100, '2022-12-31 12:00:00'),
                ('orgs_digitised', 'year', '2022-01-01', 'puyan', '', '', '', 70, 70, '2022-12-31 12:00:00'),
                ('members_joined', 'day', '2022-03-01', '', '', '', '', 10, 10, '2022-03-01 12:00:00'),
                ('members_joined', 'day', '2022-03-01', 'xixing', '', '', '', 6, 6, '2022-03-01 12:00:00'),
                ('members_joined', 'day', '2022-03-01', 'changhe', '', '', '', 4, 4, '2022-03-01 12:00:00'),
                ('members_joined', 'day', '2022-03-02', '', '', '', '', 5, 5, '2022-03-02 12:00:00'),
                ('members_joined', 'day', '2022-03-02', 'puyan', '', '', '', 5, 5, '2022-03-02 12:00:00'),
                ('members_joined', 'day', '2021-03-02', '', '', '', '', 77, 77, '2021-03-02 12:00:00'),
                ('members_joined', 'year', '2022-01-01', '', 'digital_economy', '', '', 12, 12, '2022-03-02 12:00:00'),
                ('members_joined', 'year', '2022-01-01', '', 'modern_services', '', '', 3, 3, '2022-03-02 12:00:00'),
                ('members_joined', 'year', '2022-01-01', 'xixing', 'digital_economy', '', '', 7, 7, '2022-03-02 12:00:00'),
                ('members_joined', 'year', '2022-01-01', 'puyan', 'digital_economy', '', '', 5, 5, '2022-03-02 12:00:00'),
                ('aid_paid_cny', 'year', '2022-01-01', '', '', '', 'hardship', 1000.5, 1, '2022-05-01 12:00:00'),
                ('aid_paid_cny', 'year', '2022-01-01', 'xixing', '', '', 'hardship', 1000.5, 1, '2022-05-01 12:00:00');
            INSERT INTO aid_events (event_id, occurred_at, source_system, street, enterprise_credit_code, worker_pseudonym,
                                    industry, employment_form, event_type, amount_cny, category, household_id, ingested_at) VALUES
                ('00000000-0000-4000-8000-0000000a1001', '2022-05-01 09:30:00', 'aid-portal', 'xixing', NULL, NULL, '', '', 'aid_paid', 1000.50, 'hardship', 'H-1', '2022-05-01 09:30:01'),
                ('00000000-0000-4000-8000-0000000a1002', '2022-05-02 10:15:00', 'aid-portal', 'changhe', NULL, NULL, '', '', 'aid_paid', 2000.00, 'medical', 'H-2', '2022-05-02 10:15:01'),
                ('00000000-0000-4000-8000-0000000a1003', '2022-05-03 11:00:00', 'aid-portal', '', NULL, NULL, '', '', 'aid_paid', 500.00, 'emergency', 'H-3', '2022-05-03 11:00:01')
            """;
    /** An older value of a cell, in its own part: a query without FINAL (kpi_latest) would count it. */
    static final String SUPERSEDED = """
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('unions_founded_realname', 'year', '2022-01-01', 'xixing', '', '', '', 400, 400, '2022-12-30 12:00:00')
            """;

    @BeforeAll
    static void start() throws Exception {
        // merges stopped before the dataset, so the superseded cell versions stay beside the newest
        String db = ItClient.freshDatabase(
                CLICKHOUSE, "dashboards_api", "SYSTEM STOP MERGES kpi_values;\n" + DATASET, SUPERSEDED);
        server = ItClient.server(CLICKHOUSE, db, Map.of());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    // ---- values --------------------------------------------------------------------------------------

    @Test
    void theLeaderSeesTheDistrictsExactValues() throws Exception {
        ItClient leader = login("leader", "leader-demo");
        JsonNode cards = leader.getJson("/api/panels/kpi_cards?year=2022");
        assertThat(cards.get("columns"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "kpi_id",
                        "actual",
                        "target",
                        "completion_rate",
                        "elapsed_share",
                        "pace",
                        "last_year",
                        "last_year_as_of");
        JsonNode realname = cards.get("rows").get(0);
        assertThat(realname.get("kpi_id").asText()).isEqualTo("unions_founded_realname");
        assertThat(realname.get("actual").decimalValue()).isEqualByComparingTo("949");
        assertThat(realname.get("target").asDouble()).isEqualTo(924.0);
        assertThat(realname.get("completion_rate").asDouble())
                .isCloseTo(949.0 / 924, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(realname.get("elapsed_share").asDouble())
                .as("2022 gone by the data clock, the dataset's newest event (2022-05-03 11:00), not by the wall clock")
                .isEqualTo(DataClockIT.shareOfYear(2022, "2022-05-03T11:00:00"));
        assertThat(realname.get("last_year").decimalValue())
                .as("no day cell of 2021 up to the same date")
                .isEqualByComparingTo("0");
        assertThat(realname.get("last_year_as_of").asText())
                .as("the data clock's date a year back")
                .isEqualTo("2021-05-03");
        JsonNode digitised = cards.get("rows").get(1);
        assertThat(digitised.get("kpi_id").asText()).isEqualTo("orgs_digitised");
        assertThat(digitised.get("actual").decimalValue()).isEqualByComparingTo("370");
        assertThat(rows(cards, "kpi_id", "actual", "target", "last_year"))
                .as("members_joined: nothing in 2022's year cells nor a target, but 2021's 77 by 2021-05-03")
                .containsExactly(
                        List.of("unions_founded_realname", "949", "924", "0"),
                        List.of("orgs_digitised", "370", "360", "0"),
                        List.of("members_joined", "0", "NULL", "77"));

        assertThat(rows(leader.getJson("/api/panels/unions_by_street?year=2022"), "street", "value"))
                .containsExactly(
                        List.of("changhe", "300"),
                        List.of("district_level", "9"),
                        List.of("puyan", "230"),
                        List.of("xixing", "410"));
        assertThat(rows(leader.getJson("/api/panels/members_daily?year=2022"), "kpi_id", "bucket", "value"))
                .containsExactly(
                        List.of("members_joined", "2022-03-01", "10"), List.of("members_joined", "2022-03-02", "5"));
        assertThat(rows(leader.getJson("/api/panels/members_by_industry?year=2022"), "industry", "value"))
                .containsExactly(List.of("digital_economy", "12"), List.of("modern_services", "3"));
        assertThat(rows(leader.getJson("/api/panels/aid_by_category?year=2022"), "kpi_id", "category", "value"))
                .containsExactly(List.of("aid_paid_cny", "hardship", "1000.5"));
        assertThat(rows(
                        leader.getJson("/api/panels/aid_paid_by_street?year=2022"),
                        "street",
                        "category",
                        "发放笔数",
                        "发放金额（元）"))
                .containsExactly(
                        List.of("", "emergency", "1", "500"),
                        List.of("changhe", "medical", "1", "2000"),
                        List.of("xixing", "hardship", "1", "1000.5"));
        assertThat(leader.getJson("/api/panels/members_daily?year=2021").get("rows"))
                .hasSize(1);
        assertThat(leader.get("/api/panels/aid_by_category?year=2022").body())
                .as("decimals exact, as ClickHouse has them")
                .contains("\"value\":1000.50");
    }

    @Test
    void aStreetOfficerSeesTheirStreetsValues() throws Exception {
        ItClient xixing = login("xixing", "xixing-demo");
        JsonNode cards = xixing.getJson("/api/panels/kpi_cards?year=2022");
        assertThat(cards.get("scope").get("street").asText()).isEqualTo("xixing");
        assertThat(rows(cards, "kpi_id", "actual", "target"))
                .containsExactly(
                        List.of("unions_founded_realname", "410", "400"), List.of("orgs_digitised", "200", "120"));
        assertThat(rows(xixing.getJson("/api/panels/unions_by_street?year=2022"), "street", "value"))
                .containsExactly(List.of("xixing", "410"));
        assertThat(rows(xixing.getJson("/api/panels/members_daily?year=2022"), "bucket", "value"))
                .containsExactly(List.of("2022-03-01", "6"));
        assertThat(rows(xixing.getJson("/api/panels/members_by_industry?year=2022"), "industry", "value"))
                .containsExactly(List.of("digital_economy", "7"));
        assertThat(rows(login("puyan", "puyan-demo").getJson("/api/panels/members_daily?year=2022"), "bucket", "value"))
                .containsExactly(List.of("2022-03-02", "5"));
        assertThat(rows(
                        login("changhe", "changhe-demo").getJson("/api/panels/aid_paid_by_street?year=2022"),
                        "street",
                        "发放金额（元）"))
                .containsExactly(List.of("changhe", "2000"));
    }

    @Test
    void aStreetOfficerGetsNoRowOfAnotherStreetThroughAnyApi() throws Exception {
        for (String street : STREETS) {
            ItClient officer = login(street, street + "-demo");
            JsonNode session = officer.getJson("/api/session");
            assertThat(session.get("street").asText()).isEqualTo(street);
            JsonNode dashboard = officer.getJson("/api/dashboards/district");
            assertThat(dashboard.get("scope").get("street").asText()).isEqualTo(street);
            for (Panel p : PANELS) {
                for (String year : List.of("2021", "2022", "")) {
                    JsonNode data = officer.getJson("/api/panels/" + p.id() + (year.isEmpty() ? "" : "?year=" + year));
                    for (JsonNode row : data.get("rows")) {
                        String other = STREETS.stream()
                                .filter(s -> !s.equals(street))
                                .filter(s -> row.toString().contains("\"" + s + "\""))
                                .findFirst()
                                .orElse(null);
                        assertThat(other)
                                .as("%s sees %s in panel %s: %s", street, other, p.id(), row)
                                .isNull();
                        if (row.has("street")) {
                            assertThat(row.get("street").asText())
                                    .as("%s: panel %s", street, p.id())
                                    .isEqualTo(street);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyPanelAnswersEveryUser() throws Exception {
        for (String user : USERS) {
            ItClient c = login(user, user + "-demo");
            for (Panel p : PANELS) {
                HttpResponse<String> r = c.get("/api/panels/" + p.id() + "?year=2022");
                assertThat(r.statusCode())
                        .as("%s: panel %s: %s", user, p.id(), r.body())
                        .isEqualTo(200);
            }
            assertThat(c.get("/api/dashboards").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theDashboardApiDescribesItsPanels() throws Exception {
        JsonNode d = login("analyst", "analyst-demo").getJson("/api/dashboards/district");
        assertThat(d.get("title").asText()).isEqualTo("滨江区总工会领导驾驶舱");
        assertThat(d.get("scope").get("street").isNull()).isTrue();
        List<String> ids = new ArrayList<>();
        d.get("panels").forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).isEqualTo(PANELS.stream().map(Panel::id).toList());
        JsonNode bars = d.get("panels").get(ids.indexOf("unions_by_street"));
        assertThat(bars.get("chart").asText()).isEqualTo("bar");
        assertThat(bars.get("dimensions").get(0).asText()).isEqualTo("street");
        assertThat(bars.get("refreshSeconds").asInt()).isEqualTo(10);
        assertThat(bars.get("kpis").get(0).get("id").asText()).isEqualTo("unions_founded_realname");
        assertThat(bars.get("kpis").get(0).get("name").asText()).isEqualTo("实名建会");
        assertThat(bars.get("kpis").get(0).get("unit").asText()).isEqualTo("家");
    }

    @Test
    void aDistrictUserViewsAnyStreetAndAStreetOfficerOnlyTheirs() throws Exception {
        List<List<String>> xixing =
                List.of(List.of("unions_founded_realname", "410", "400"), List.of("orgs_digitised", "200", "120"));
        for (ItClient c : List.of(
                login("leader", "leader-demo"), login("analyst", "analyst-demo"), login("xixing", "xixing-demo"))) {
            JsonNode cards = c.getJson("/api/panels/kpi_cards?year=2022&street=xixing");
            assertThat(rows(cards, "kpi_id", "actual", "target")).isEqualTo(xixing);
            assertThat(cards.get("scope").get("street").asText()).isEqualTo("xixing");
        }
        ItClient officer = login("xixing", "xixing-demo");
        HttpResponse<String> other = officer.get("/api/panels/kpi_cards?year=2022&street=changhe");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(other.body()).get("error").asText()).contains("只能查看本街道");
        assertThat(login("leader", "leader-demo")
                        .get("/api/panels/kpi_cards?street=nowhere")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theCockpitGetsTheChineseNamesOfCodesAndTheYearsWithData() throws Exception {
        ItClient leader = login("leader", "leader-demo");
        JsonNode labels = leader.getJson("/api/labels");
        assertThat(labels.get("street").get("xixing").asText()).isEqualTo("西兴街道");
        assertThat(labels.get("street").get("puyan").asText()).isEqualTo("浦沿街道");
        assertThat(leader.getJson("/api/years").toString()).isEqualTo("[{\"year\":2022,\"hasData\":true}]");
        assertThat(new ItClient(base, null, null).get("/api/labels").statusCode())
                .isEqualTo(401);
    }

    // ---- pages ------------------------------------------------------------------------------------------

    @Test
    void pagesSendAnAnonymousBrowserToTheLoginAndEachRoleToItsCockpit() throws Exception {
        ItClient anonymous = new ItClient(base, null, null);
        assertThat(anonymous.get("/cockpit").headers().firstValue("Location")).hasValue("/login?next=%2Fcockpit");
        assertThat(anonymous.get("/cockpit?screen=large").headers().firstValue("Location"))
                .as("the layout comes back after the login")
                .hasValue("/login?next=%2Fcockpit%3Fscreen%3Dlarge");
        assertThat(anonymous.get("/street/xixing").statusCode()).isEqualTo(302);
        assertThat(anonymous.get("/console").headers().firstValue("Location")).hasValue("/login?next=%2Fconsole");
        assertThat(anonymous.get("/").headers().firstValue("Location")).hasValue("/login?next=%2F");
        HttpResponse<String> loginPage = anonymous.get("/login");
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("/assets/login.js").doesNotContain("<script>");
        assertThat(loginPage.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));

        ItClient leader = login("leader", "leader-demo");
        assertThat(leader.get("/").headers().firstValue("Location")).hasValue("/cockpit");
        HttpResponse<String> cockpit = leader.get("/cockpit");
        assertThat(cockpit.statusCode()).isEqualTo(200);
        assertThat(cockpit.body()).contains("/assets/cockpit.js").contains("/assets/echarts.min.js");
        assertThat(leader.get("/street/changhe").statusCode()).isEqualTo(200);
        assertThat(leader.get("/street/nowhere").statusCode()).isEqualTo(404);
        assertThat(login("analyst", "analyst-demo").get("/console").body()).contains("/assets/console.js");

        ItClient officer = login("xixing", "xixing-demo");
        assertThat(officer.get("/").headers().firstValue("Location")).hasValue("/street/xixing");
        assertThat(officer.get("/cockpit").headers().firstValue("Location")).hasValue("/street/xixing");
        assertThat(officer.get("/cockpit?screen=large").headers().firstValue("Location"))
                .as("the large-screen link keeps its layout")
                .hasValue("/street/xixing?screen=large");
        assertThat(officer.get("/street/xixing").statusCode()).isEqualTo(200);
        assertThat(officer.get("/street/changhe").statusCode()).isEqualTo(403);
    }

    @Test
    void scriptsStylesAndEChartsAreServedByTheServerItself() throws Exception {
        ItClient anonymous = new ItClient(base, null, null);
        for (String asset : List.of(
                "/assets/cockpit.js",
                "/assets/common.js",
                "/assets/console.js",
                "/assets/login.js",
                "/assets/cockpit.css")) {
            assertThat(anonymous.get(asset).statusCode()).as(asset).isEqualTo(200);
        }
        HttpResponse<String> echarts = anonymous.get("/assets/echarts.min.js");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(echarts.body()).hasSizeGreaterThan(900_000).contains("echarts");
        assertThat(anonymous.get("/assets/nope.js").statusCode()).isEqualTo(404);
    }

    // ---- auth -------------------------------------------------------------------------------------------

    @Test
    void withoutASessionEveryApiAnswers401() throws Exception {
        ItClient anonymous = new ItClient(base, null, null);
        List<String> paths = new ArrayList<>(
                List.of("/api/session", "/api/dashboards", "/api/dashboards/district", "/api/panels/nope"));
        PANELS.forEach(p -> paths.add("/api/panels/" + p.id()));
        for (String path : paths) {
            assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.post("/api/logout", "").statusCode()).isEqualTo(401);
        ItClient forged = new ItClient(base, "AAAA.BBBB", null);
        assertThat(forged.get("/api/panels/kpi_cards").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordOrUnknownUserAnswers401WithoutACookie() throws Exception {
        for (String[] attempt : new String[][] {
            {"leader", "wrong"}, {"nobody", "leader-demo"}, {"xixing", "leader-demo"}, {"leader", ""}
        }) {
            HttpResponse<String> r = postLogin(attempt[0], attempt[1]);
            assertThat(r.statusCode()).as(String.join("/", attempt)).isEqualTo(401);
            assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void aFailedLoginLogsTheUserNameOnlyWhenItKeepsTheUserNameRules() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger serverLog = (Logger) LogManager.getLogger(LoginRoutes.class);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        serverLog.addAppender(capture);
        try {
            for (String name : List.of("leader\r\n2026-01-01 INFO forged", "Leader-Pa55word!", "nobody")) {
                assertThat(postLogin(name, "wrong").statusCode()).isEqualTo(401);
            }
        } finally {
            serverLog.removeAppender(capture);
        }
        assertThat(logged)
                .containsExactly(
                        "login refused for <invalid user name, 30 chars> from 127.0.0.1",
                        "login refused for <invalid user name, 16 chars> from 127.0.0.1",
                        "login refused for nobody from 127.0.0.1");
    }

    @Test
    void loginTakesJsonOnlySoThatACrossSiteFormCannotLogABrowserIn() throws Exception {
        HttpResponse<String> form = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=leader&password=leader-demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        HttpResponse<String> r = postLogin("leader", "leader-demo");
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith(AuthenticationFilter.SESSION_COOKIE + "=")
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        assertThat(cookie).as("demo mode: the local stack is plain HTTP").doesNotContain("Secure");
        assertThat(JSON.readTree(r.body()).get("role").asText()).isEqualTo("district_leader");
    }

    @Test
    void inProductionModeTheSessionCookieIsSecure(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.yaml");
        Files.writeString(
                users,
                "users:\n  - {username: boss, name: 领导, role: district_leader, password_hash: '"
                        + BCrypt.hashpw("pw", BCrypt.gensalt(4)) + "'}\n");
        try (DashboardServer production = DashboardServer.start(DashboardConfig.load(
                new String[] {
                    "--server.port",
                    "0",
                    "--auth.users-file",
                    users.toString(),
                    "--clickhouse.url",
                    CLICKHOUSE.jdbcUrl("default"),
                    "--clickhouse.user",
                    CLICKHOUSE.user(),
                    "--clickhouse.password",
                    CLICKHOUSE.password()
                },
                Map.of("DASHBOARD_SESSION_SECRET", "a-production-secret-of-more-than-32-bytes-0123")))) {
            String at = "http://127.0.0.1:" + production.port();
            HttpResponse<String> login = HTTP.send(
                    HttpRequest.newBuilder(URI.create(at + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"boss\",\"password\":\"pw\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("; Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");

            String value = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
            HttpResponse<String> logout = HTTP.send(
                    HttpRequest.newBuilder(URI.create(at + "/api/logout"))
                            .header("Cookie", AuthenticationFilter.SESSION_COOKIE + "=" + value)
                            .header(
                                    AuthenticationFilter.CSRF_HEADER,
                                    JSON.readTree(login.body()).get("csrfToken").asText())
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(logout.statusCode()).isEqualTo(204);
            assertThat(logout.headers().firstValue("Set-Cookie"))
                    .hasValue(AuthenticationFilter.SESSION_COOKIE
                            + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Strict");
        }
    }

    @Test
    void afterLoginTheServerSendsTheBrowserOnlyToAPathOfThisSite() throws Exception {
        // the reported reproducer, /login?next=%2F%09%2F127.0.0.1:9%2Fpwn, as the login page reads its parameter
        String reported = URLDecoder.decode("%2F%09%2F127.0.0.1:9%2Fpwn", StandardCharsets.UTF_8);
        Map<String, String> asked = new LinkedHashMap<>();
        for (String next : List.of(
                "/street/xixing",
                reported,
                "/\\evil.example",
                "//evil.example",
                "https://evil.example",
                "javascript:alert(1)",
                "/%2F/evil.example")) {
            HttpResponse<String> r = postLogin(Map.of("username", "leader", "password", "leader-demo", "next", next));
            assertThat(r.statusCode()).as(next).isEqualTo(200);
            asked.put(next, JSON.readTree(r.body()).get("redirect").asText());
        }
        assertThat(asked)
                .containsExactly(
                        Map.entry("/street/xixing", "/street/xixing"),
                        Map.entry(reported, "/"),
                        Map.entry("/\\evil.example", "/"),
                        Map.entry("//evil.example", "/"),
                        Map.entry("https://evil.example", "/"),
                        Map.entry("javascript:alert(1)", "/"),
                        Map.entry("/%2F/evil.example", "/"));
        assertThat(JSON.readTree(postLogin("leader", "leader-demo").body())
                        .get("redirect")
                        .asText())
                .as("no next")
                .isEqualTo("/");
    }

    @Test
    void aStateChangingRequestWithoutTheCsrfTokenAnswers403() throws Exception {
        ItClient leader = login("leader", "leader-demo");
        assertThat(new ItClient(base, leader.cookie(), null)
                        .post("/api/logout", "")
                        .statusCode())
                .isEqualTo(403);
        assertThat(new ItClient(base, leader.cookie(), "wrong-token")
                        .post("/api/logout", "")
                        .statusCode())
                .isEqualTo(403);
        ItClient other = login("analyst", "analyst-demo");
        assertThat(new ItClient(base, leader.cookie(), other.csrf())
                        .post("/api/logout", "")
                        .statusCode())
                .as("another session's token")
                .isEqualTo(403);
        assertThat(leader.get("/api/session").statusCode())
                .as("still logged in")
                .isEqualTo(200);
        assertThat(leader.post("/api/logout", "").statusCode()).isEqualTo(204);
        assertThat(leader.get("/api/session").statusCode()).as("logged out").isEqualTo(401);
    }

    @Test
    void aNewLoginEndsTheUsersEarlierSessionAndNobodyElses() throws Exception {
        ItClient first = login("puyan", "puyan-demo");
        ItClient leader = login("leader", "leader-demo");
        ItClient second = login("puyan", "puyan-demo");
        assertThat(first.get("/api/session").statusCode())
                .as("ended by the second login")
                .isEqualTo(401);
        assertThat(first.get("/street/puyan").headers().firstValue("Location"))
                .hasValue("/login?next=%2Fstreet%2Fpuyan");
        assertThat(second.getJson("/api/session").get("username").asText()).isEqualTo("puyan");
        assertThat(leader.getJson("/api/session").get("username").asText()).isEqualTo("leader");
    }

    @Test
    void badInputAnswers400Or404() throws Exception {
        ItClient leader = login("leader", "leader-demo");
        assertThat(leader.get("/api/panels/kpi_cards?year=abc").statusCode()).isEqualTo(400);
        assertThat(leader.get("/api/panels/kpi_cards?year=1999").statusCode()).isEqualTo(400);
        assertThat(leader.get("/api/panels/nope").statusCode()).isEqualTo(404);
        assertThat(leader.get("/api/dashboards/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void productionModeWithoutASecretFailsAtStartNamingTheKey(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path users = dir.resolve("users.yaml");
        Files.writeString(
                users,
                "users:\n  - {username: boss, name: 领导, role: district_leader, password_hash: '"
                        + BCrypt.hashpw("pw", BCrypt.gensalt(4)) + "'}\n");
        assertThatThrownBy(() -> DashboardServer.start(DashboardConfig.load(
                        new String[] {
                            "--server.mode", "production", "--server.port", "0", "--auth.users-file", users.toString()
                        },
                        Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("session.secret: required in production mode");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static List<List<String>> rows(JsonNode data, String... columns) {
        return ItClient.rowTexts(data.get("rows"), columns);
    }

    static HttpResponse<String> postLogin(String user, String password) throws Exception {
        return postLogin(Map.of("username", user, "password", password));
    }

    static HttpResponse<String> postLogin(Map<String, String> fields) throws Exception {
        return ItClient.postLogin(base, fields);
    }

    static ItClient login(String user, String password) throws Exception {
        return ItClient.login(base, user, password);
    }
}
