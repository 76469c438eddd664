package cn.binjiang.union.dashboards;

import static cn.binjiang.union.dashboards.DashboardApiIT.rows;
import static org.assertj.core.api.Assertions.assertThat;

import cn.binjiang.union.dashboards.model.Definitions;
import cn.binjiang.union.dashboards.model.Panel;
import cn.binjiang.union.testkit.TestClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Comparison and export over HTTP on a migrated ClickHouse holding {@link DashboardApiIT#DATASET} (the data clock
 * 2022-05-03 11:00) and the cells of 2021 and the months of 2022 below: the cards' 去年同期, every panel's CSV and
 * .xlsx against the panel's own answer, the monthly report's figures and its print link; every answer scoped to an
 * officer's street.
 */
class ComparisonAndExportIT {
    static final TestClickHouse CLICKHOUSE = TestClickHouse.shared();
    static final List<Panel> PANELS =
            Definitions.bundled().current().dashboards().get("district").panels();
    /** Keeps a decimal's digits as sent, so a JSON number and a CSV field compare as text. */
    static final ObjectMapper EXACT = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /**
     * 2021's day cells: up to 2021-05-03 (the clock's date a year back, included) 5 + 7 for the district (the 5 a
     * newer version of 3), 4 for xixing; 100 the day after, not counted. Month cells of 2022 and 2021, and alerts
     * firing in May 2022 (xixing, changhe), a pending one then and a firing in June.
     */
    static final String LAST_YEAR = """
            INSERT INTO kpi_values (kpi_id, grain, bucket, street, industry, employment_form, category, value, version, updated_at) VALUES
                ('unions_founded_realname', 'day', '2021-01-10', '', '', '', '', 3, 3, '2021-01-10 12:00:00'),
                ('unions_founded_realname', 'day', '2021-01-10', '', '', '', '', 5, 5, '2021-01-10 13:00:00'),
                ('unions_founded_realname', 'day', '2021-05-03', '', '', '', '', 7, 7, '2021-05-03 12:00:00'),
                ('unions_founded_realname', 'day', '2021-05-04', '', '', '', '', 100, 100, '2021-05-04 12:00:00'),
                ('unions_founded_realname', 'day', '2021-02-01', 'xixing', '', '', '', 4, 4, '2021-02-01 12:00:00'),
                ('unions_founded_realname', 'month', '2022-03-01', '', '', '', '', 40, 40, '2022-03-31 12:00:00'),
                ('unions_founded_realname', 'month', '2022-05-01', '', '', '', '', 2, 2, '2022-05-03 12:00:00'),
                ('unions_founded_realname', 'month', '2022-06-01', '', '', '', '', 50, 50, '2022-06-03 12:00:00'),
                ('unions_founded_realname', 'month', '2021-04-01', '', '', '', '', 9, 9, '2021-04-03 12:00:00'),
                ('unions_founded_realname', 'month', '2021-07-01', '', '', '', '', 1, 1, '2021-07-03 12:00:00'),
                ('unions_founded_realname', 'month', '2022-05-01', 'xixing', '', '', '', 6, 6, '2022-05-03 12:00:00');
            INSERT INTO alerts (transition_id, alert_id, name, severity, status, street, kpi_id, message, seq, at, notify) VALUES
                ('xixing_drop#2', 'xixing_drop', '西兴入会骤降', 'warning', 'firing', 'xixing', 'members_joined', '较均值低 60%', 2, '2022-05-10 09:00:00', true),
                ('changhe_drop#2', 'changhe_drop', '长河入会骤降', 'critical', 'firing', 'changhe', 'members_joined', '较均值低 80%', 2, '2022-05-20 09:00:00', true),
                ('changhe_drop#1', 'changhe_drop', '长河入会骤降', 'critical', 'pending', 'changhe', 'members_joined', '较均值低 80%', 1, '2022-05-19 09:00:00', false),
                ('xixing_drop#4', 'xixing_drop', '西兴入会骤降', 'warning', 'firing', 'xixing', 'members_joined', '较均值低 70%', 4, '2022-06-01 00:00:00', true)
            """;

    static DashboardServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        String db = ItClient.freshDatabase(CLICKHOUSE, "comparison_export");
        try (Connection c = CLICKHOUSE.connect(db);
                Statement s = c.createStatement()) {
            for (String statement : LAST_YEAR.split(";\n")) s.execute(statement);
        }
        server = ItClient.server(CLICKHOUSE, db, Map.of());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aCardShowsLastYearsValueAtTheDataClocksDateForItsScope() throws Exception {
        JsonNode leader = login("leader").getJson("/api/panels/kpi_cards?year=2022");
        assertThat(rows(leader, "kpi_id", "last_year", "last_year_as_of"))
                .containsExactly(
                        List.of("unions_founded_realname", "12", "2021-05-03"),
                        List.of("orgs_digitised", "0", "2021-05-03"),
                        List.of("members_joined", "77", "2021-05-03"));
        assertThat(rows(login("xixing").getJson("/api/panels/kpi_cards?year=2022"), "kpi_id", "last_year"))
                .containsExactly(List.of("unions_founded_realname", "4"), List.of("orgs_digitised", "0"));
    }

    @Test
    void everyPanelsCsvIsThePanelsDataForEveryScope() throws Exception {
        for (String user : List.of("leader", "xixing", "puyan")) {
            ItClient client = login(user);
            for (Panel p : PANELS) {
                JsonNode panel = EXACT.readTree(
                        client.get("/api/panels/" + p.id() + "?year=2022").body());
                HttpResponse<byte[]> csv = client.getBytes("/api/panels/" + p.id() + "/export.csv?year=2022");
                assertThat(csv.statusCode()).as("%s %s", user, p.id()).isEqualTo(200);
                assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
                String file = p.id() + "-2022" + (user.equals("leader") ? "" : "-" + user) + ".csv";
                assertThat(csv.headers().firstValue("Content-Disposition"))
                        .hasValue("attachment; filename=\"" + file + "\"");
                assertThat(Arrays.copyOf(csv.body(), 3))
                        .as("UTF-8's byte-order mark, for Excel")
                        .containsExactly(0xEF, 0xBB, 0xBF);
                assertThat(csvLines(csv.body())).as("%s %s", user, p.id()).isEqualTo(expectedLines(panel));
            }
        }
    }

    @Test
    void theXlsxHoldsThePanelsColumnsAndRows() throws Exception {
        ItClient leader = login("leader");
        for (String id : List.of("kpi_cards", "unions_by_street", "aid_paid_by_street", "members_daily")) {
            JsonNode panel = EXACT.readTree(
                    leader.get("/api/panels/" + id + "?year=2022").body());
            HttpResponse<byte[]> xlsx = leader.getBytes("/api/panels/" + id + "/export.xlsx?year=2022");
            assertThat(xlsx.statusCode()).isEqualTo(200);
            assertThat(xlsx.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"" + id + "-2022.xlsx\"");
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                Sheet sheet = book.getSheetAt(0);
                assertThat(sheet.getSheetName())
                        .isEqualTo(panel.get("panel").get("title").asText());
                List<String> columns = new ArrayList<>();
                panel.get("columns").forEach(c -> columns.add(c.asText()));
                assertThat(cells(sheet.getRow(0))).isEqualTo(columns);
                assertThat(sheet.getLastRowNum()).isEqualTo(panel.get("rows").size());
                for (int r = 0; r < panel.get("rows").size(); r++) {
                    JsonNode row = panel.get("rows").get(r);
                    Row excel = sheet.getRow(r + 1);
                    for (int c = 0; c < columns.size(); c++) {
                        JsonNode v = row.get(columns.get(c));
                        Cell cell = excel.getCell(c);
                        if (v.isNull()) assertThat(cell.getCellType()).isEqualTo(CellType.BLANK);
                        else if (v.isNumber())
                            assertThat(cell.getNumericCellValue())
                                    .as("%s %s", id, columns.get(c))
                                    .isEqualTo(v.asDouble());
                        else assertThat(cell.getStringCellValue()).isEqualTo(v.asText());
                    }
                }
            }
        }
    }

    @Test
    void anOfficersExportIsTheirStreetsAndABadPanelOrYearIsRefused() throws Exception {
        ItClient xixing = login("xixing");
        assertThat(csvLines(xixing.getBytes("/api/panels/unions_by_street/export.csv?year=2022")
                        .body()))
                .containsExactly("kpi_id,street,value", "unions_founded_realname,xixing,410.00");
        assertThat(xixing.getBytes("/api/panels/unions_by_street/export.csv?year=2022&street=changhe")
                        .statusCode())
                .isEqualTo(403);
        assertThat(xixing.getBytes("/api/panels/unions_by_street/export.xlsx?street=changhe")
                        .statusCode())
                .isEqualTo(403);
        ItClient leader = login("leader");
        assertThat(leader.get("/api/panels/no_such/export.csv").statusCode()).isEqualTo(404);
        assertThat(leader.get("/api/panels/no_such/export.xlsx").statusCode()).isEqualTo(404);
        HttpResponse<String> badYear = leader.get("/api/panels/unions_by_street/export.csv?year=abc");
        assertThat(badYear.statusCode()).isEqualTo(400);
        assertThat(badYear.body()).contains("year must be a year 2000..2100, got 'abc'");
        assertThat(leader.get("/api/panels/unions_by_street/export.xlsx?year=1999")
                        .statusCode())
                .isEqualTo(400);
        assertThat(new ItClient(base, null, null)
                        .get("/api/panels/unions_by_street/export.csv")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theMonthlyReportIsTheMonthsEndForItsScope() throws Exception {
        JsonNode may = login("leader").getJson("/api/report?month=2022-05");
        assertThat(may.get("month").asText()).isEqualTo("2022-05");
        assertThat(may.get("asOf").asText()).isEqualTo("2022-05-31");
        JsonNode realname = may.get("cards").get(0);
        assertThat(realname.get("kpi_id").asText()).isEqualTo("unions_founded_realname");
        assertThat(realname.get("actual").decimalValue())
                .as("March 40 + May 2, not June")
                .isEqualByComparingTo("42");
        assertThat(realname.get("last_year").decimalValue())
                .as("April 2021, not July")
                .isEqualByComparingTo("9");
        assertThat(realname.get("target").asDouble()).isEqualTo(924.0);
        assertThat(realname.get("completion_rate").asDouble()).isEqualTo(42.0 / 924);
        assertThat(realname.get("elapsed_share").asDouble()).isEqualTo(151.0 / 365);
        assertThat(may.get("cards")).hasSize(13);
        assertThat(rows(asRows(may.get("alerts")), "alert_id", "street", "fired_at"))
                .containsExactly(
                        List.of("xixing_drop", "xixing", "2022-05-10 09:00:00.000"),
                        List.of("changhe_drop", "changhe", "2022-05-20 09:00:00.000"));
        JsonNode march = login("leader").getJson("/api/report?month=2022-03");
        assertThat(rows(march.get("trends").get(0), "kpi_id", "bucket", "value"))
                .as("members_daily: March's days")
                .containsExactly(
                        List.of("members_joined", "2022-03-01", "10"), List.of("members_joined", "2022-03-02", "5"));
        assertThat(rows(march.get("trends").get(1), "kpi_id", "bucket", "value"))
                .as("unions_monthly: January to March")
                .containsExactly(List.of("unions_founded_realname", "2022-03-01", "40"));

        JsonNode xixing = login("xixing").getJson("/api/report?month=2022-05");
        assertThat(xixing.get("scope").get("street").asText()).isEqualTo("xixing");
        assertThat(xixing.get("cards").get(0).get("actual").decimalValue()).isEqualByComparingTo("6");
        assertThat(rows(asRows(xixing.get("alerts")), "alert_id")).containsExactly(List.of("xixing_drop"));
        assertThat(login("xixing")
                        .get("/api/report?month=2022-05&street=changhe")
                        .statusCode())
                .isEqualTo(403);
        for (String bad : List.of("2022-13", "2022-5", "May", "")) {
            HttpResponse<String> r = login("leader").get("/api/report?month=" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("month must be a month YYYY-MM");
        }
    }

    @Test
    void aPrintLinkLogsABrowserIntoTheSessionOnceAndSendsItToTheReport() throws Exception {
        ItClient reporter = login("reporter");
        assertThat(reporter.postJson("/api/report/print-link", Map.of("month", "2022-05"), false)
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(reporter.postJson("/api/report/print-link", Map.of("month", "2022-5"), true)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> issued = reporter.postJson("/api/report/print-link", Map.of("month", "2022-05"), true);
        assertThat(issued.statusCode()).isEqualTo(200);
        String path = ItClient.JSON.readTree(issued.body()).get("path").asText();
        assertThat(path).matches("/report/print/[A-Za-z0-9_-]{43}");

        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> opened = browser.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location")).hasValue("/report?month=2022-05");
        String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        String cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        assertThat(new ItClient(base, cookie, null)
                        .getJson("/api/session")
                        .get("username")
                        .asText())
                .isEqualTo("reporter");
        assertThat(browser.send(
                                HttpRequest.newBuilder(URI.create(base + path)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("a link works once")
                .isEqualTo(404);
        assertThat(browser.send(
                                HttpRequest.newBuilder(URI.create(base + "/report/print/forged"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** A list of rows as {@link DashboardApiIT#rows} reads a panel's. */
    private static JsonNode asRows(JsonNode list) {
        return EXACT.createObjectNode().set("rows", list);
    }

    /** The CSV's lines without the byte-order mark. */
    private static List<String> csvLines(byte[] body) {
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        return List.of(text.substring(0, text.length() - 2).split("\r\n", -1));
    }

    /** The panel's answer as CSV lines: its columns, then each row's values, numbers with the digits JSON has. */
    private static List<String> expectedLines(JsonNode panel) {
        List<String> columns = new ArrayList<>();
        panel.get("columns").forEach(c -> columns.add(c.asText()));
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", columns));
        for (JsonNode row : panel.get("rows")) {
            lines.add(String.join(
                    ",",
                    columns.stream()
                            .map(c -> {
                                JsonNode v = row.get(c);
                                if (v.isNull()) return "";
                                return v.isNumber() ? new BigDecimal(v.asText()).toPlainString() : v.asText();
                            })
                            .toList()));
        }
        return lines;
    }

    private static List<String> cells(Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }

    private static ItClient login(String user) throws Exception {
        return ItClient.login(base, user, user + "-demo");
    }
}
