package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cockpit in a real browser (Debian's headless Chromium) on the real local stack started by
 * ./platform: Kafka, the KPI job, ClickHouse and the dashboard server. Events go in through Kafka; the
 * numbers on the page must be ClickHouse's, and must follow new events without a reload.
 *
 * <p>Longer than 300 lines on purpose: the tests run in order on one stack and one browser, each starting where the one before left the page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CockpitBrowserIT {
    private static final Duration PATIENCE = CockpitBrowser.PATIENCE;
    private static final int THIS_YEAR =
            LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
    private static final int MEMBERS_TARGET = 20_000;

    private static LocalStack stack;
    private static String base;
    private CockpitBrowser chromium;
    private WebDriver browser;

    @BeforeAll
    static void theWholeStackWithSomeEvents() throws Exception {
        stack = new LocalStack();
        base = "http://127.0.0.1:" + stack.dashboardPort;
        stack.ok("up");
        // this year has no target in the reference data; one gives a card its completion rate and pace
        try (Connection c = DriverManager.getConnection(stack.clickhouseJdbcUrl(), "default", "");
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO targets (year, kpi_id, street, target, note) VALUES (?, ?, '', ?, 'browser test')")) {
            s.setInt(1, THIS_YEAR);
            s.setString(2, "members_joined");
            s.setDouble(3, MEMBERS_TARGET);
            s.executeUpdate();
        }
        stack.ok("job", "start");
        stack.ok("dashboard", "start");
        stack.ok("generate", "--seed", "501", "--rate", "2000", "--duration", "5", "--bad-ratio", "0.01");
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) stack.platform("down");
    }

    @BeforeEach
    void browser() throws IOException {
        chromium = CockpitBrowser.start();
        browser = chromium.driver;
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) chromium.close();
    }

    @Test
    @Order(1)
    void aLeaderLogsInAndTheCardsShowClickHousesNumbersThenFollowNewEventsWithoutAReload() throws Exception {
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl())
                .as("anonymous: sent to the login page")
                .startsWith(base + "/login");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/cockpit");
        assertThat(browser.findElement(By.id("scope")).getText()).isEqualTo("全区");

        int year = Integer.parseInt(browser.findElement(By.id("year")).getAttribute("value"));
        Map<String, BigDecimal> shown = awaitCardsEqualClickHouse(year, "");
        assertThat(shown.get("members_joined"))
                .as("the events reached the cockpit")
                .isPositive();
        assertThat(year).isEqualTo(THIS_YEAR);
        WebElement members = browser.findElement(By.cssSelector(".card[data-kpi=members_joined]"));
        assertThat(members.findElement(By.className("target")).getText()).startsWith("目标 20,000 · 完成 ");
        assertThat(members.getAttribute("class"))
                .contains(paceClass(clickHouseNumber(
                        "SELECT pace FROM kpi_progress WHERE kpi_id = 'members_joined' AND street = '' AND year = "
                                + year)));
        chromium.screenshot("cockpit-district.png");

        chromium.js("window.__sameDocument = true;");
        int refreshesBefore = chromium.refreshes();
        stack.ok("generate", "--seed", "502", "--rate", "1000", "--duration", "2", "--bad-ratio", "0");
        Map<String, BigDecimal> after = awaitSettledNumbersOnThePage(year, shown);

        assertThat(after).isNotEqualTo(shown);
        assertThat(chromium.js("return window.__sameDocument === true;"))
                .as("updated without a reload")
                .isEqualTo(true);
        assertThat(chromium.refreshes()).isGreaterThan(refreshesBefore);
        chromium.screenshot("cockpit-district-updated.png");
    }

    @Test
    @Order(2)
    void aFiringAlertAppearsLiveInTheFeedAndTheLeaderAcknowledgesIt() throws Exception {
        browser.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        chromium.js("window.__sameDocument = true;");
        // as the alert job writes a transition
        try (Connection c = DriverManager.getConnection(stack.clickhouseJdbcUrl(), "default", "");
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO alerts (transition_id, alert_id, name, severity, status, street, kpi_id, message, seq, at, notify) "
                            + "VALUES ('browser_check#1', 'browser_check', '浏览器测试告警', 'critical', 'firing', 'xixing', 'members_joined', "
                            + "'西兴街道 2026 单日入会 99，高于阈值 60', 1, now64(3), true)");
        }
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        WebElement item = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.alert[data-alert=browser_check]")));
        assertThat(item.getText())
                .contains("浏览器测试告警")
                .contains("触发中")
                .contains("西兴街道")
                .contains("高于阈值 60");
        assertThat(chromium.js("return window.__sameDocument === true;"))
                .as("pushed, not reloaded")
                .isEqualTo(true);
        chromium.screenshot("cockpit-alert.png");

        item.findElement(By.cssSelector("button.ack")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("li.alert[data-alert=browser_check]"), "已确认：leader"));
        assertThat(
                        clickHouseNumber(
                                "SELECT count() FROM alert_acks FINAL WHERE transition_id = 'browser_check#1' AND username = 'leader'"))
                .isEqualByComparingTo("1");
        assertThat(browser.findElements(By.cssSelector("li.alert[data-alert=browser_check] button.ack")))
                .isEmpty();
    }

    @Test
    @Order(3)
    void aStreetOfficerLandsOnTheirStreetSeesItsNumbersAndIsRefusedAnother() throws Exception {
        browser.get(base + "/cockpit");
        chromium.logIn("xixing", "xixing-demo");
        chromium.waitForCockpit();
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/street/xixing");
        assertThat(browser.findElement(By.id("scope")).getText()).isEqualTo("西兴街道");
        int year = Integer.parseInt(browser.findElement(By.id("year")).getAttribute("value"));
        assertThat(awaitCardsEqualClickHouse(year, "xixing").get("members_joined"))
                .isPositive();
        assertThat(browser.findElements(By.cssSelector(".nav a")))
                .extracting(WebElement::getText)
                .containsExactly("西兴", "SQL 查询");
        chromium.screenshot("street-xixing.png");

        Object status = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/api/panels/kpi_cards?street=changhe').then(r => done(r.status));");
        assertThat(status).isEqualTo(403L);
        browser.get(base + "/street/changhe");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("只能查看本街道");
    }

    @Test
    @Order(4)
    void anAnalystRunsAQueryInTheConsoleAndAWriteIsRefused() throws Exception {
        browser.get(base + "/console");
        chromium.logIn("analyst", "analyst-demo");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("run")));

        setQuery("SELECT count() AS events FROM enrollment_events FINAL");
        browser.findElement(By.id("run")).click();
        WebElement cell =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#result-table tbody td")));
        assertThat(new BigDecimal(cell.getText()))
                .isEqualByComparingTo(clickHouseNumber("SELECT count() FROM enrollment_events FINAL"));
        chromium.screenshot("console.png");

        setQuery("DROP TABLE kpi_values");
        browser.findElement(By.id("run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "403"));
        assertThat(browser.findElement(By.id("error")).getText())
                .contains("403")
                .contains("DROP");
        assertThat(clickHouseNumber(
                        "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'kpi_values'"))
                .isEqualByComparingTo("1");
    }

    // ---- the page ----------------------------------------------------------------------------------------

    /**
     * The number each KPI card shows, digits as rendered ("1,234.50" reads 1234.50), read in one go (cards re-render
     * live).
     */
    @SuppressWarnings("unchecked")
    private Map<String, BigDecimal> cards() {
        Map<String, Object> texts = (Map<String, Object>)
                chromium.js(
                        "return Object.fromEntries([...document.querySelectorAll("
                                + "'#panel-kpi_cards .card')].map(c => [c.dataset.kpi, c.querySelector('.num').textContent]));");
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        texts.forEach(
                (kpi, text) -> out.put(kpi, new BigDecimal(String.valueOf(text).replace(",", ""))));
        return out;
    }

    /** Waits until every card shows exactly ClickHouse's actual of the year; returns them. */
    private Map<String, BigDecimal> awaitCardsEqualClickHouse(int year, String street) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, BigDecimal> page;
        Map<String, BigDecimal> clickhouse;
        do {
            page = cards();
            clickhouse = clickHouseActuals(year, street, page);
            if (!page.isEmpty() && sameNumbers(page, clickhouse)) return page;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(page).as("cards of %d, street '%s'", year, street).isEqualTo(clickhouse);
        return page;
    }

    /**
     * Waits until ClickHouse's actuals moved away from {@code before} and then stood still for a few seconds,
     * and the page shows them; prints how long after ClickHouse's last change the page showed it.
     */
    private Map<String, BigDecimal> awaitSettledNumbersOnThePage(int year, Map<String, BigDecimal> before)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, BigDecimal> last = before;
        long changedAt = 0;
        long shownAt = 0;
        while (System.nanoTime() < deadline) {
            Map<String, BigDecimal> now = clickHouseActuals(year, "", before);
            if (!sameNumbers(now, last)) {
                last = now;
                changedAt = System.nanoTime();
                shownAt = 0;
            }
            if (changedAt > 0 && shownAt == 0 && sameNumbers(cards(), last)) shownAt = System.nanoTime();
            if (shownAt > 0
                    && System.nanoTime() - changedAt > Duration.ofSeconds(3).toNanos()) {
                System.out.printf(
                        "live update: the page showed ClickHouse's new numbers %d ms after they changed there"
                                + " (polled every 50 ms)%n",
                        (shownAt - changedAt) / 1_000_000);
                return last;
            }
            Thread.sleep(50);
        }
        assertThat(cards()).as("the page after new events").isEqualTo(last);
        throw new AssertionError("the new events did not change any KPI of " + year + " within " + PATIENCE);
    }

    /** The card's colour for a pace (completion rate minus the share of the year gone): ±5 points is on track. */
    private static String paceClass(BigDecimal pace) {
        if (pace.compareTo(new BigDecimal("-0.05")) < 0) return "pace-behind";
        if (pace.compareTo(new BigDecimal("0.05")) > 0) return "pace-ahead";
        return "pace-on";
    }

    private static boolean sameNumbers(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        return a.keySet().equals(b.keySet())
                && a.entrySet().stream().allMatch(e -> e.getValue().compareTo(b.get(e.getKey())) == 0);
    }

    private void setQuery(String sql) {
        WebElement box = browser.findElement(By.id("sql"));
        box.clear();
        box.sendKeys(sql);
    }

    // ---- ClickHouse ----------------------------------------------------------------------------------------

    private static Map<String, BigDecimal> clickHouseActuals(int year, String street, Map<String, BigDecimal> kpis)
            throws SQLException {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        kpis.keySet().forEach(k -> out.put(k, BigDecimal.ZERO));
        try (Connection c = DriverManager.getConnection(stack.clickhouseJdbcUrl(), "reader", "reader");
                PreparedStatement s =
                        c.prepareStatement("SELECT kpi_id, actual FROM kpi_progress WHERE year = ? AND street = ?")) {
            s.setInt(1, year);
            s.setString(2, street);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (out.containsKey(rs.getString(1))) out.put(rs.getString(1), rs.getBigDecimal(2));
                }
            }
        }
        return out;
    }

    private static BigDecimal clickHouseNumber(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.clickhouseJdbcUrl(), "reader", "reader");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}
