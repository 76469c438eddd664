package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The SQL console in a real browser on the local stack (./platform up, then the dashboard): an analyst browses the
 * schema, runs a query with Ctrl+Enter, sees the limits it ran under, charts it, saves it shared and reuses it from
 * the saved list and the history.
 */
class ConsoleBrowserIT {
    private static final String QUERY =
            "SELECT toString(number) AS day, number * 2 AS members, number * 3 AS trainings FROM numbers(5)";

    private static LocalStack stack;
    private static CockpitBrowser chromium;
    private static WebDriver browser;

    @BeforeAll
    static void theStackAndABrowser() throws Exception {
        stack = new LocalStack();
        stack.ok("up");
        stack.ok("dashboard", "start");
        chromium = CockpitBrowser.start();
        browser = chromium.driver;
    }

    @AfterAll
    static void down() throws Exception {
        if (chromium != null) chromium.close();
        if (stack != null) stack.platform("down");
    }

    @Test
    void anAnalystRunsAQueryWithCtrlEnterChartsItSavesItAndReusesIt() throws Exception {
        browser.get("http://127.0.0.1:" + stack.dashboardPort + "/console");
        chromium.logIn("analyst", "analyst-demo");
        WebDriverWait wait = new WebDriverWait(browser, CockpitBrowser.PATIENCE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#schema details")));
        assertThat(texts("#schema summary")).contains("kpi_values", "kpi_latest 视图", "kpi_progress 视图");

        WebElement sql = browser.findElement(By.id("sql"));
        sql.clear();
        sql.sendKeys(QUERY);
        sql.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#result-table tbody tr"), 5));
        assertThat(texts("#result-table tbody tr:last-child td")).containsExactly("4", "8", "12");
        assertThat(browser.findElement(By.id("limits")).getText())
                .startsWith("返回 5 / 上限 10000 行；用时 ")
                .contains(" 毫秒 / 上限 10 秒。数据库账户限制：执行时间 10 秒，读取 500000000 行");

        new Select(browser.findElement(By.id("chart-kind"))).selectByValue("line");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chart")));
        assertThat(js("return echarts.getInstanceByDom(document.getElementById('chart')).getOption()"
                        + ".series.map(s => s.name + ':' + s.data.join(','))"))
                .isEqualTo(List.of("members:0,2,4,6,8", "trainings:0,3,6,9,12"));
        assertThat(js("return echarts.getInstanceByDom(document.getElementById('chart')).getOption()"
                        + ".xAxis[0].data.join(',')"))
                .isEqualTo("0,1,2,3,4");
        chromium.screenshot("console-chart.png");

        browser.findElement(By.id("save-name")).sendKeys("每日人数");
        browser.findElement(By.id("save-shared")).click();
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("saved"), "每日人数"));
        assertThat(texts("#saved li")).containsExactly("每日人数 analyst · 共享");

        sql.clear();
        sql.sendKeys("SELECT 1 AS one");
        sql.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#result-table tbody tr"), 1));
        wait.until(d -> texts("#history li").equals(List.of("SELECT 1 AS one", QUERY)));

        browser.findElement(By.cssSelector("#saved li")).click();
        assertThat(sql.getAttribute("value")).isEqualTo(QUERY);
        sql.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#result-table tbody tr"), 5));
        wait.until(d -> texts("#history li").equals(List.of(QUERY, "SELECT 1 AS one")));
        chromium.screenshot("console-saved.png");
    }

    private List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText)
                .toList();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }
}
