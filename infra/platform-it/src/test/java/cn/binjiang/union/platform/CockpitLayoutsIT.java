package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cockpit's data clock and its three layouts in a real browser on the real stack: the federation's 2021 and
 * 2022 replayed through Kafka and the KPI job ({@code generate --scenario binjiang-2022}) and read years later, as
 * a leader reads a replay. The page says how current the data is (数据截至, exactly ClickHouse's newest event time,
 * and how far behind now); a finished year shows its final pace and the replay's last year its pace at the replay's
 * own date, exactly ClickHouse's; the large screen is the window exactly at 1920×1080 and 3840×2160, letterboxed on
 * another shape; the phone layout at 390×844 never scrolls sideways. The drill-down: a street's bar lands on that
 * street with its numbers, a card on its KPI's page with ClickHouse's numbers, the browser's back returns to the same
 * year, layout and scroll, and a street officer drills only within their street. Screenshots of each in
 * target/screenshots/.
 *
 * <p>Comparison and export on the same replayed stack (orders 200-299): each card's 去年同期 is ClickHouse's 2021 by
 * the data clock's date, a panel's CSV downloaded from its 导出 menu is the panel's data and ClickHouse's, its PNG a PNG
 * of the panel's size, and {@code ./platform report} prints a month on one A4 landscape page.
 *
 * <p>Longer than 300 lines on purpose: every browser test of the cockpit that needs a replayed year shares this one
 * stack, whose replay takes minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CockpitLayoutsIT {
    private static final long DAY_MS = 86_400_000L;
    /** The page's reading of the stage, the document and the viewport, in CSS pixels. */
    private static final String GEOMETRY = """
            const stage = document.getElementById('stage').getBoundingClientRect();
            return {scrollHeight: document.scrollingElement.scrollHeight, scrollWidth: document.scrollingElement.scrollWidth,
              innerHeight: innerHeight, innerWidth: innerWidth,
              stage: [stage.left, stage.top, stage.width, stage.height].map(Math.round),
              panelsOnStage: [...document.querySelectorAll('#stage .panel, #stage .card')].every(e => {
                const r = e.getBoundingClientRect();
                return r.height > 0 && r.top >= stage.top - .5 && r.bottom <= stage.bottom + .5
                  && r.left >= stage.left - .5 && r.right <= stage.right + .5;
              }),
              chartsInPanels: [...document.querySelectorAll('#stage .panel')].every(p => {
                const r = p.getBoundingClientRect();
                return [...p.querySelectorAll('canvas')].every(c => {
                  const b = c.getBoundingClientRect();
                  return b.top >= r.top - .5 && b.bottom <= r.bottom + .5 && b.left >= r.left - .5 && b.right <= r.right + .5;
                });
              })};""";

    /** Each year card as shown: KPI, value, classes, pace text and the year-gone marker's position. */
    private static final String CARDS = """
            return [...document.querySelectorAll('#panel-kpi_cards .card')].map(c => ({kpi: c.dataset.kpi,
              value: c.dataset.value, class: c.className, pace: c.querySelector('.pace').textContent,
              marker: c.querySelector('.bar b') ? c.querySelector('.bar b').style.left : null}));""";

    private static LocalStack stack;
    private static String base;
    private static KpiTruth truth;
    private CockpitBrowser chromium;

    @BeforeAll
    static void theFederations2021And2022Replayed() throws Exception {
        stack = new LocalStack();
        base = "http://127.0.0.1:" + stack.dashboardPort;
        stack.ok("up");
        stack.ok("job", "start");
        stack.ok("dashboard", "start");
        stack.ok("generate", "--scenario", "binjiang-2022", "--speed", "max", "--wait");
        truth = new KpiTruth(stack.clickhouseJdbcUrl());
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) stack.platform("down");
    }

    @BeforeEach
    void browser() throws Exception {
        chromium = CockpitBrowser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) chromium.close();
    }

    @Test
    @Order(1)
    void theLargeScreenIsTheWindowExactlyAtEvery16To9SizeAndSaysHowCurrentTheDataIs() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit?screen=large");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/cockpit?screen=large");
        assertThat(chromium.js("return document.body.classList.contains('screen-large');"))
                .isEqualTo(true);
        assertTheDataClockIsClickHouses();

        assertThat(geometry())
                .as("1920×1080: the stage is the window, the document no larger, every panel and card on the stage,"
                        + " every chart inside its panel")
                .isEqualTo(fits(1920, 1080, List.of(0L, 0L, 1920L, 1080L)));
        assertThat(chromium.driver.findElement(By.id("fullscreen")).getText()).isEqualTo("全屏");
        chromium.screenshot("cockpit-large-1920x1080.png");

        chromium.viewport(3840, 2160);
        awaitGeometry(fits(3840, 2160, List.of(0L, 0L, 3840L, 2160L)));
        chromium.screenshot("cockpit-large-3840x2160.png");

        chromium.viewport(1920, 1200);
        awaitGeometry(fits(1920, 1200, List.of(0L, 60L, 1920L, 1080L)));
        chromium.screenshot("cockpit-large-1920x1200-letterboxed.png");

        chromium.viewport(1920, 1080);
        chromium.driver.findElement(By.id("fullscreen")).click();
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> Boolean.TRUE.equals(chromium.js("return document.fullscreenElement !== null;")));
        assertThat(chromium.driver.findElement(By.id("fullscreen")).getText()).isEqualTo("退出全屏");
    }

    @Test
    @Order(2)
    void aFinishedYearShowsItsFinalPaceAndTheReplaysLastYearItsPaceAtTheReplaysOwnDate() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        WebElement year = chromium.driver.findElement(By.id("year"));
        assertThat(year.getAttribute("value")).as("the newest year with data").isEqualTo("2022");
        assertCardsArePaceAsClickHouseSays(2022);
        assertThat(chromium.driver
                        .findElement(By.cssSelector(".card[data-kpi=unions_founded_realname] .num"))
                        .getText())
                .isEqualTo("949");

        new Select(year).selectByValue("2021");
        assertThat(clickHouse("SELECT toString(min(elapsed_share)) FROM kpi_progress WHERE year = 2021"))
                .as("2021 is complete by the data clock")
                .isEqualTo("1");
        assertCardsArePaceAsClickHouseSays(2021);
        chromium.screenshot("cockpit-2021-final-pace.png");
    }

    @Test
    @Order(3)
    void onAPhoneTheCardsComeFirstInOneColumnAndNothingIsWiderThanTheScreen() throws Exception {
        chromium.viewport(390, 844);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        assertTheDataClockIsClickHouses();

        @SuppressWarnings("unchecked")
        Map<String, Object> phone = (Map<String, Object>) chromium.js("""
                const cards = [...document.querySelectorAll('.card')].map(c => c.getBoundingClientRect());
                const charts = [...document.querySelectorAll('.panel canvas')].map(c => c.getBoundingClientRect());
                return {scrollWidth: document.scrollingElement.scrollWidth, clientWidth: document.scrollingElement.clientWidth,
                  innerWidth: innerWidth,
                  cardColumns: new Set(cards.map(r => Math.round(r.left))).size,
                  cardsBeforePanels: cards[cards.length - 1].bottom <= document.querySelector('.panel').getBoundingClientRect().top,
                  widestChart: Math.round(Math.max(...charts.map(r => r.right))),
                  narrowestChart: Math.round(Math.min(...charts.map(r => r.width)))};""");
        assertThat(phone)
                .containsEntry("innerWidth", 390L)
                .containsEntry("cardColumns", 1L)
                .containsEntry("cardsBeforePanels", true);
        assertThat(phone.get("scrollWidth"))
                .as(
                        "no horizontal scroll: the document is as wide as what shows of it (the viewport less a scroll bar)")
                .isEqualTo(phone.get("clientWidth"));
        assertThat((Long) phone.get("clientWidth")).isBetween(370L, 390L);
        assertThat((Long) phone.get("widestChart"))
                .as("no chart reaches past the screen")
                .isLessThanOrEqualTo(390L);
        assertThat((Long) phone.get("narrowestChart"))
                .as("every chart about the screen's width (less the scroll bar and two paddings)")
                .isGreaterThanOrEqualTo(320L);
        chromium.screenshot("cockpit-phone-390x844.png");
    }

    @Test
    @Order(4)
    void theToggleSwitchesTheDesktopToTheLargeScreenAndBack() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        assertThat(chromium.js("return document.scrollingElement.scrollHeight > innerHeight;"))
                .as("the desktop layout scrolls")
                .isEqualTo(true);
        chromium.screenshot("cockpit-desktop-1920x1080.png");

        chromium.driver.findElement(By.id("screen-toggle")).click();
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> d.getCurrentUrl().equals(base + "/cockpit?screen=large"));
        chromium.waitForCockpit();
        assertThat(geometry()).isEqualTo(fits(1920, 1080, List.of(0L, 0L, 1920L, 1080L)));

        chromium.driver.findElement(By.id("screen-toggle")).click();
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> d.getCurrentUrl().equals(base + "/cockpit"));
        chromium.waitForCockpit();
        assertThat(chromium.js("return document.body.classList.contains('screen-large');"))
                .isEqualTo(false);
    }

    // ---- drill-down -------------------------------------------------------------------------------------

    @Test
    @Order(100)
    void aClickOnAStreetsBarLandsOnThatStreetWithItsNumbersAndBackReturnsToTheDistrictsYear() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        new Select(chromium.driver.findElement(By.id("year"))).selectByValue("2021");
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/cockpit?year=2021");
        awaitCards(2021, "");

        long scrolled = ((Number) chromium.js(
                        "document.getElementById('panel-unions_by_street').scrollIntoView({block: 'center'});"
                                + " return Math.round(scrollY);"))
                .longValue();
        assertThat(scrolled).as("the street chart is below the cards").isPositive();
        chromium.clickBar("panel-unions_by_street", "西兴街道");
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/street/xixing?year=2021");
        assertThat(chromium.driver.findElement(By.id("scope")).getText()).isEqualTo("西兴街道");
        awaitCards(2021, "xixing");
        assertThat(chromium.seriesData("panel-unions_by_street", 0).stream()
                        .map(KpiTruth::number)
                        .toList())
                .as("the street's bar alone, ClickHouse's year cell")
                .containsExactly(
                        truth.total("unions_founded_realname", 2021, "xixing").get(0));
        assertThat(chromium.driver.findElement(By.id("year")).getAttribute("value"))
                .isEqualTo("2021");
        chromium.screenshot("drill-street-xixing-2021.png");

        chromium.driver.navigate().back();
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/cockpit?year=2021");
        awaitCards(2021, "");
        assertThat(chromium.driver.findElement(By.id("scope")).getText()).isEqualTo("全区");
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> ((Number) chromium.js("return Math.round(scrollY);")).longValue() == scrolled);
    }

    @Test
    @Order(101)
    void aClickOnACardOpensItsKpiPageWithClickHousesNumbersAndBackReturnsToTheLargeScreen() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit?screen=large");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        awaitCards(2022, "");
        // the cards are drawn again on every refresh: a card found just before one is gone by the click
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(driver -> {
                    driver.findElement(By.cssSelector(".card[data-kpi=members_joined]"))
                            .click();
                    return true;
                });
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/kpi/members_joined?screen=large&year=2022");
        awaitKpiPage("members_joined", "");

        assertKpiPageIsClickHouses("members_joined", 2022, "");
        assertThat(chromium.seriesData("kpi-streets", 0).stream()
                        .map(KpiTruth::number)
                        .toList())
                .as("each street's year, as kpi_progress has it")
                .isEqualTo(truth.streets("members_joined", 2022).stream()
                        .map(r -> r.get(1))
                        .toList());
        assertThat(chromium.seriesData("kpi-streets", 1).stream()
                        .map(v -> "-".equals(v) ? "NULL" : KpiTruth.number(v))
                        .toList())
                .as("each street's target")
                .isEqualTo(truth.streets("members_joined", 2022).stream()
                        .map(r -> r.get(2))
                        .toList());
        for (String dimension : List.of("industry", "employment_form")) {
            List<String> values = new java.util.ArrayList<>(chromium.seriesData("kpi-by-" + dimension, 0).stream()
                    .map(KpiTruth::number)
                    .toList());
            java.util.Collections.reverse(values);
            assertThat(values)
                    .as("%s, largest first", dimension)
                    .isEqualTo(truth.slice("members_joined", 2022, dimension).stream()
                            .map(r -> r.get(1))
                            .toList());
        }
        assertThat(chromium.js("return document.scrollingElement.scrollHeight === innerHeight"
                        + " && document.scrollingElement.scrollWidth === innerWidth;"))
                .as("the KPI page on the large screen does not scroll either")
                .isEqualTo(true);
        chromium.screenshot("drill-kpi-members_joined-large.png");

        chromium.driver.navigate().back();
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/cockpit?screen=large");
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> d.findElement(By.id("kpi-page")).getAttribute("hidden") != null);
        // the large screen's card, back from its KPI page: drawn again on every refresh, as above, so it is looked
        // for again until one stays for the look (the wait fails the test if none is shown within its patience)
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.cssSelector(".card[data-kpi=members_joined]"))
                        .isDisplayed());
        assertThat(chromium.js("return document.body.classList.contains('screen-large');"))
                .isEqualTo(true);
    }

    @Test
    @Order(102)
    void aStreetOfficerDrillsOnlyWithinTheirStreet() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("xixing", "xixing-demo");
        chromium.waitForCockpit();
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/street/xixing");
        awaitCards(2022, "xixing");
        chromium.clickBar("panel-unions_by_street", "西兴街道");
        assertThat(chromium.driver.getCurrentUrl())
                .as("their own street's bar: already there")
                .isEqualTo(base + "/street/xixing");

        chromium.driver
                .findElement(By.cssSelector(".card[data-kpi=unions_founded_realname]"))
                .click();
        assertThat(chromium.driver.getCurrentUrl())
                .isEqualTo(base + "/street/xixing/kpi/unions_founded_realname?year=2022");
        awaitKpiPage("unions_founded_realname", "xixing");
        assertKpiPageIsClickHouses("unions_founded_realname", 2022, "xixing");
        assertThat(chromium.seriesData("kpi-streets", 0).stream()
                        .map(KpiTruth::number)
                        .toList())
                .containsExactly(
                        truth.total("unions_founded_realname", 2022, "xixing").get(0));
        assertThat(chromium.driver.findElements(By.cssSelector("#kpi-crumbs a")).stream()
                        .map(WebElement::getText)
                        .toList())
                .as("no way up to the district")
                .containsExactly("西兴街道");
        Object status = chromium.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/kpis/unions_founded_realname?year=2022&street=changhe').then(r => done(r.status));");
        assertThat(status).isEqualTo(403L);
        chromium.screenshot("drill-kpi-officer-xixing.png");

        chromium.driver.findElement(By.id("kpi-back")).click();
        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(base + "/street/xixing");
        assertThat(chromium.driver.findElement(By.id("kpi-page")).getAttribute("hidden"))
                .isNotNull();
    }

    /** The cards show kpi_progress's actuals of {@code year} for the district ({@code ''}) or a street. */
    @SuppressWarnings("unchecked")
    private void awaitCards(int year, String street) throws Exception {
        Map<String, String> expected = new HashMap<>();
        for (List<String> row : truth.cardActuals(year, street)) expected.put(row.get(0), row.get(1));
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE).until(d -> {
            List<Map<String, Object>> shown = (List<Map<String, Object>>) chromium.js(CARDS);
            return shown.size() == 13
                    && shown.stream()
                            .allMatch(c -> expected.getOrDefault((String) c.get("kpi"), "0")
                                    .equals(KpiTruth.number(c.get("value"))));
        });
    }

    private void awaitKpiPage(String kpi, String street) {
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> Boolean.TRUE.equals(chromium.js(
                        "const p = document.getElementById('kpi-page');"
                                + " return !!p && !p.hidden && p.dataset.kpi === arguments[0]"
                                + " && p.dataset.street === arguments[1] && Number(p.dataset.loaded) > 0;",
                        kpi,
                        street)));
    }

    /**
     * The KPI page's year, last year, its months of this year and last against ClickHouse's month cells, and each
     * month's 同比 and 环比 worked out from those cells.
     */
    private void assertKpiPageIsClickHouses(String kpi, int year, String street) throws Exception {
        List<String> total = truth.total(kpi, year, street);
        assertThat(figure("actual")).isEqualTo(total.get(0));
        assertThat(figure("target")).isEqualTo(total.get(1).equals("NULL") ? "" : total.get(1));
        assertThat(figure("last-year"))
                .isEqualTo(truth.total(kpi, year - 1, street).get(0));
        List<BigDecimal> months = truth.months(kpi, year, street);
        List<BigDecimal> lastYear = truth.months(kpi, year - 1, street);
        assertThat(chromium.seriesData("kpi-months", 0).stream()
                        .map(KpiTruth::number)
                        .toList())
                .isEqualTo(months.stream().map(KpiTruth::number).toList());
        assertThat(chromium.seriesData("kpi-months", 1).stream()
                        .map(KpiTruth::number)
                        .toList())
                .isEqualTo(lastYear.stream().map(KpiTruth::number).toList());
        List<List<String>> expected = new java.util.ArrayList<>();
        for (int m = 0; m < 12; m++) {
            BigDecimal before = m == 0 ? lastYear.get(11) : months.get(m - 1);
            expected.add(
                    List.of(KpiTruth.change(months.get(m), lastYear.get(m)), KpiTruth.change(months.get(m), before)));
        }
        @SuppressWarnings("unchecked")
        List<List<String>> shown =
                (List<List<String>>) chromium.js("return [...document.querySelectorAll('#kpi-month-table tbody tr')]"
                        + ".map(tr => [tr.cells[3].textContent, tr.cells[4].textContent]);");
        assertThat(shown).as("同比, 环比 of each month").isEqualTo(expected);
    }

    private String figure(String key) {
        return KpiTruth.number(chromium.driver
                .findElement(By.cssSelector("#kpi-figures [data-figure='" + key + "']"))
                .getAttribute("data-value"));
    }

    // ---- comparison and export (issue 20, point 4) --------------------------------------------------------

    @Test
    @Order(200)
    void eachCardShowsLastYearsValueAtTheDataClocksDateAsClickHouseSumsIt() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        Map<String, BigDecimal> expected = lastYearAtTheDataClocksDate();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cards = new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE).until(d -> {
            List<Map<String, Object>> shown = (List<Map<String, Object>>) chromium.js("""
                            return [...document.querySelectorAll('#panel-kpi_cards .card')].map(c => ({kpi: c.dataset.kpi,
                              value: c.querySelector('.last-year').dataset.value, text: c.querySelector('.last-year').textContent}));""");
            return shown.size() == 13 && shown.stream().noneMatch(c -> "".equals(c.get("value"))) ? shown : null;
        });
        for (Map<String, Object> card : cards) {
            String kpi = (String) card.get("kpi");
            assertThat(new BigDecimal((String) card.get("value")))
                    .as("%s: 去年同期", kpi)
                    .isEqualByComparingTo(expected.getOrDefault(kpi, BigDecimal.ZERO));
            assertThat((String) card.get("text")).startsWith("去年同期 ");
        }
        assertThat(expected.get("unions_founded_realname"))
                .as("2021's real-name unions by the same date")
                .isPositive();
        chromium.screenshot("cockpit-last-year.png");
    }

    @Test
    @Order(201)
    void thePanelsCsvDownloadedFromThePageIsThePanelsDataAndClickHouses() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        Path downloads = chromium.downloads();
        export("unions_by_street", "csv");
        Path file = CockpitBrowser.downloaded(downloads, "unions_by_street-2022.csv");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, 3)).as("UTF-8's byte-order mark").containsExactly(0xEF, 0xBB, 0xBF);
        List<List<String>> csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)
                .lines()
                .map(l -> List.of(l.split(",", -1)))
                .toList();
        assertThat(csv.get(0)).containsExactly("kpi_id", "street", "value");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> api = (List<Map<String, Object>>) chromium.js(
                "return fetch('/api/panels/unions_by_street?year=2022').then(r => r.json()).then(p => p.rows);");
        List<List<String>> clickHouse = clickHouseRows("""
                SELECT kpi_id, street, toString(argMax(value, version)) FROM kpi_values
                WHERE kpi_id = 'unions_founded_realname' AND grain = 'year' AND bucket = '2022-01-01' AND street != ''
                  AND industry = '' AND employment_form = '' AND category = ''
                GROUP BY kpi_id, street ORDER BY kpi_id, street""");
        assertThat(csv.subList(1, csv.size())).hasSize(api.size()).hasSameSizeAs(clickHouse);
        for (int i = 0; i < api.size(); i++) {
            List<String> row = csv.get(i + 1);
            assertThat(row.subList(0, 2))
                    .isEqualTo(List.of(api.get(i).get("kpi_id"), api.get(i).get("street")));
            assertThat(row.subList(0, 2)).isEqualTo(clickHouse.get(i).subList(0, 2));
            assertThat(new BigDecimal(row.get(2)))
                    .as("%s: the page's API", row)
                    .isEqualByComparingTo(
                            new BigDecimal(String.valueOf(api.get(i).get("value"))))
                    .as("%s: ClickHouse", row)
                    .isEqualByComparingTo(new BigDecimal(clickHouse.get(i).get(2)));
        }
    }

    @Test
    @Order(202)
    void aChartAndTheCardsExportAsPngsOfThePanelsSize() throws Exception {
        chromium.viewport(1920, 1080);
        chromium.driver.get(base + "/cockpit");
        chromium.logIn("leader", "leader-demo");
        chromium.waitForCockpit();
        Path downloads = chromium.downloads();
        export("members_by_industry", "png");
        assertThat(pngSize(CockpitBrowser.downloaded(downloads, "members_by_industry-2022.png")))
                .as("the chart's box")
                .isEqualTo(
                        chromium.js(
                                "const b = document.getElementById('panel-members_by_industry'); return [b.clientWidth, b.clientHeight];"));
        export("kpi_cards", "png");
        Path cards = CockpitBrowser.downloaded(downloads, "kpi_cards-2022.png");
        assertThat(pngSize(cards))
                .as("the cards as shown")
                .isEqualTo(chromium.js("const r = document.getElementById('panel-kpi_cards').getBoundingClientRect();"
                        + " return [Math.round(r.width), Math.round(r.height)];"));
        Files.copy(
                cards, CockpitBrowser.SCREENSHOTS.resolve("export-kpi_cards.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(203)
    void platformReportPrintsTheMonthOnOneA4LandscapePage() throws Exception {
        Path pdf = Path.of("target/report-2022-06.pdf").toAbsolutePath();
        String out = stack.ok("report", "--month", "2022-06", "--out", pdf.toString());
        assertThat(out).contains("report 2022-06: " + pdf + " (1 page, A4 landscape)");
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            PDRectangle page = document.getPage(0).getMediaBox();
            assertThat(List.of(Math.round(page.getWidth()), Math.round(page.getHeight())))
                    .as("A4 landscape in points")
                    .isEqualTo(List.of(842, 595));
            assertThat(new PDFTextStripper().getText(document)).contains("2022 年 6 月报告（2022-06）");
        }
        LocalStack.Run bad = stack.platform("report", "--month", "2022-13");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).contains("--month must be a month YYYY-MM, got '2022-13'");

        chromium.viewport(1123, 794);
        chromium.driver.get(base + "/report?month=2022-06");
        chromium.logIn("leader", "leader-demo");
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> "1".equals(chromium.js("return document.body.dataset.ready || '';")));
        chromium.screenshot("report-2022-06.png");
    }

    /** Opens the panel's 导出 menu and clicks {@code format} (png, csv, xlsx). */
    private void export(String panel, String format) {
        chromium.driver
                .findElement(By.cssSelector("[data-export-panel=" + panel + "] summary"))
                .click();
        chromium.driver
                .findElement(By.cssSelector("[data-export-panel=" + panel + "] [data-export=" + format + "]"))
                .click();
    }

    /** A PNG's width and height from its header, after checking its signature. */
    private static List<Long> pngSize(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(b, 8))
                .as("PNG signature")
                .containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        ByteBuffer header = ByteBuffer.wrap(b, 16, 8);
        return List.of((long) header.getInt(), (long) header.getInt());
    }

    // ---- the page ----------------------------------------------------------------------------------------

    /** "数据截至" with ClickHouse's newest accepted event time, and how many whole days that is behind now. */
    private void assertTheDataClockIsClickHouses() throws Exception {
        String newest = clickHouse(
                "SELECT formatDateTime(max(t), '%Y-%m-%d %H:%i:%S', 'Asia/Shanghai') FROM (" + RAW_TABLES_NEWEST + ")");
        long newestMs = Long.parseLong(
                clickHouse("SELECT toString(toUnixTimestamp64Milli(max(t))) FROM (" + RAW_TABLES_NEWEST + ")"));
        assertThat(newest).as("the replay's last event").startsWith("2022-12-");
        long before = System.currentTimeMillis();
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> d.findElement(By.id("as-of")).getText().equals("数据截至 " + newest));
        String lag = chromium.driver.findElement(By.id("lag")).getText();
        long after = System.currentTimeMillis();
        assertThat(lag)
                .isIn("落后当前 " + (before - newestMs) / DAY_MS + " 天", "落后当前 " + (after - newestMs) / DAY_MS + " 天");
    }

    /**
     * Every card's pace colour, pace text and year-gone marker are what ClickHouse's kpi_progress says; the cards are
     * read in one go once they show ClickHouse's actuals of {@code year} (they re-render live).
     */
    @SuppressWarnings("unchecked")
    private void assertCardsArePaceAsClickHouseSays(int year) throws Exception {
        Map<String, Progress> progress = progress(year);
        List<Map<String, Object>> cards = new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE).until(d -> {
            List<Map<String, Object>> shown = (List<Map<String, Object>>) chromium.js(CARDS);
            boolean current = !shown.isEmpty()
                    && shown.stream()
                            .allMatch(c -> actual(progress, (String) c.get("kpi"))
                                            .compareTo(new BigDecimal((String) c.get("value")))
                                    == 0);
            return current ? shown : null;
        });
        assertThat(cards).hasSize(13);
        for (Map<String, Object> card : cards) {
            String kpi = (String) card.get("kpi");
            Progress p = progress.get(kpi);
            if (p == null || p.target() == null) {
                assertThat(card.get("class")).as(kpi).asString().contains("pace-none");
                assertThat(card.get("pace")).as(kpi).isEqualTo("无年度目标");
                continue;
            }
            assertThat(card.get("class")).as(kpi).asString().contains(paceClass(p.pace()));
            assertThat(card.get("pace")).as(kpi).isEqualTo(paceText(p.pace()));
            String marker = (String) card.get("marker");
            assertThat(new BigDecimal(marker.replace("%", "")))
                    .as("%s: the year-gone marker at %s", kpi, marker)
                    .isEqualByComparingTo(percent(Math.min(1, p.elapsedShare())));
        }
    }

    private static BigDecimal actual(Map<String, Progress> progress, String kpi) {
        Progress p = progress.get(kpi);
        return p == null ? BigDecimal.ZERO : p.actual();
    }

    /** The cockpit's colour for a pace: more than 5 points behind or ahead, or on track. */
    private static String paceClass(double pace) {
        if (pace < -0.05) return "pace-behind";
        if (pace > 0.05) return "pace-ahead";
        return "pace-on";
    }

    /** The cockpit's words for a pace, its points as JavaScript's toFixed(1) rounds the exact value. */
    private static String paceText(double pace) {
        String points = percent(Math.abs(pace));
        if (pace < -0.05) return "落后时序进度 " + points + " 个百分点";
        if (pace > 0.05) return "超前时序进度 " + points + " 个百分点";
        return "与时序进度持平";
    }

    private static String percent(double share) {
        return new BigDecimal(share * 100).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> geometry() {
        return (Map<String, Object>) chromium.js(GEOMETRY);
    }

    /** What {@link #GEOMETRY} reads when the stage fits a {@code width} × {@code height} window at {@code stage}. */
    private static Map<String, Object> fits(long width, long height, List<Long> stage) {
        Map<String, Object> m = new HashMap<>();
        m.put("scrollHeight", height);
        m.put("scrollWidth", width);
        m.put("innerHeight", height);
        m.put("innerWidth", width);
        m.put("stage", stage);
        m.put("panelsOnStage", true);
        m.put("chartsInPanels", true);
        return m;
    }

    private void awaitGeometry(Map<String, Object> expected) {
        new WebDriverWait(chromium.driver, CockpitBrowser.PATIENCE)
                .until(d -> geometry().equals(expected));
    }

    // ---- ClickHouse ----------------------------------------------------------------------------------------

    /** The newest occurred_at of each raw table: the accepted events, read without the data_clock view. */
    private static final String RAW_TABLES_NEWEST = String.join(
            " UNION ALL ",
            List.of("enrollment_events", "training_events", "competition_events", "aid_events", "legal_events").stream()
                    .map(t -> "SELECT max(occurred_at) AS t FROM " + t)
                    .toList());

    record Progress(BigDecimal actual, Double target, double elapsedShare, double pace) {}

    private static Map<String, Progress> progress(int year) throws SQLException {
        Map<String, Progress> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(stack.clickhouseJdbcUrl(), "reader", "reader");
                PreparedStatement s = c.prepareStatement(
                        "SELECT kpi_id, actual, target, elapsed_share, pace FROM kpi_progress WHERE year = ? AND street = ''")) {
            s.setInt(1, year);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double target = rs.getDouble(3);
                    out.put(
                            rs.getString(1),
                            new Progress(
                                    rs.getBigDecimal(2),
                                    rs.wasNull() ? null : target,
                                    rs.getDouble(4),
                                    rs.getDouble(5)));
                }
            }
        }
        return out;
    }

    /** 2021's district day cells summed up to the data clock's date a year back, per KPI. */
    private static Map<String, BigDecimal> lastYearAtTheDataClocksDate() throws SQLException {
        Map<String, BigDecimal> out = new HashMap<>();
        for (List<String> row : clickHouseRows("""
                SELECT kpi_id, toString(sum(v)) FROM (
                  SELECT kpi_id, bucket, argMax(value, version) AS v FROM kpi_values
                  WHERE grain = 'day' AND street = '' AND industry = '' AND employment_form = '' AND category = ''
                    AND bucket >= '2021-01-01'
                    AND bucket <= addYears(toDate((SELECT max(t) FROM (%s)), 'Asia/Shanghai'), -1)
                  GROUP BY kpi_id, bucket)
                GROUP BY kpi_id""".formatted(RAW_TABLES_NEWEST)))
            out.put(row.get(0), new BigDecimal(row.get(1)));
        return out;
    }

    private static List<List<String>> clickHouseRows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.clickhouseJdbcUrl(), "reader", "reader");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
                rows.add(row);
            }
            return rows;
        }
    }

    private static String clickHouse(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.clickhouseJdbcUrl(), "reader", "reader");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
