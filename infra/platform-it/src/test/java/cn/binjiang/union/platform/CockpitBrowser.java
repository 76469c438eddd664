package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver, as the cockpit's browser tests drive it: a profile of its
 * own under target/, the viewport set exactly (the DevTools protocol's device metrics, so a 390 px phone or a 3840
 * px wall screen is the page's innerWidth, whatever the window), logging in through the form, reading and clicking
 * the ECharts charts, screenshots in target/screenshots/.
 */
final class CockpitBrowser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();
    static final Duration PATIENCE = Duration.ofSeconds(90);

    final ChromeDriver driver;

    private CockpitBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    static CockpitBrowser start() throws IOException {
        String chromium = binary("CHROMIUM_BINARY", "/usr/bin/chromium");
        String chromedriver = binary("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver");
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1920,1080",
                "--lang=zh-CN",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        Files.createDirectories(SCREENSHOTS);
        return new CockpitBrowser(new ChromeDriver(service, options));
    }

    /** The page's viewport exactly {@code width} × {@code height} CSS pixels, one device pixel each. */
    void viewport(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Downloads from now on land in a new folder under target/, returned. */
    Path downloads() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "downloads-");
        driver.executeCdpCommand(
                "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toString()));
        return dir;
    }

    /** The file named {@code name} in {@code dir}, once the browser has finished writing it. */
    static Path downloaded(Path dir, String name) {
        Path file = dir.resolve(name);
        new org.openqa.selenium.support.ui.FluentWait<>(file)
                .withTimeout(PATIENCE)
                .pollingEvery(Duration.ofMillis(100))
                .until(f -> Files.isRegularFile(f) && !Files.exists(dir.resolve(name + ".crdownload")));
        return file;
    }

    void logIn(String user, String password) {
        WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    /** Waits until the cockpit has read its panels once. */
    void waitForCockpit() {
        new WebDriverWait(driver, PATIENCE).until(d -> refreshes() >= 1);
    }

    /** How many times the page has read all its panels. */
    int refreshes() {
        return Integer.parseInt(String.valueOf(js("return document.body.dataset.refreshes || '0';")));
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** The data of series {@code series} of the ECharts chart in element {@code id}, as the chart holds it. */
    @SuppressWarnings("unchecked")
    List<Object> seriesData(String id, int series) {
        return (List<Object>) driver.executeScript(
                "return echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption()"
                        + ".series[arguments[1]].data.map(d => d !== null && typeof d === 'object' ? d.value : d);",
                id,
                series);
    }

    /**
     * Clicks the first series' bar of {@code category} in the bar chart in element {@code id}, half-way up the bar, as
     * a mouse does (the chart scrolled into the middle of the window first).
     */
    void clickBar(String id, String category) {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) driver.executeScript("""
                const box = document.getElementById(arguments[0]);
                box.scrollIntoView({block: 'center'});
                const chart = echarts.getInstanceByDom(box);
                const option = chart.getOption();
                const i = option.xAxis[0].data.indexOf(arguments[1]);
                const d = option.series[0].data[i];
                const [x, y] = chart.convertToPixel({seriesIndex: 0}, [i, (typeof d === 'object' ? d.value : d) / 2]);
                const r = box.getBoundingClientRect();
                return [Math.round(r.left + x), Math.round(r.top + y)];""", id, category);
        new Actions(driver)
                .moveToLocation(at.get(0).intValue(), at.get(1).intValue())
                .click()
                .perform();
    }

    void screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** The browser ./platform setup installed; a missing one fails with what to run, never a silent skip. */
    private static String binary(String variable, String debianPath) {
        String path = Optional.ofNullable(System.getenv(variable))
                .filter(p -> !p.isBlank())
                .orElse(debianPath);
        assertThat(new File(path))
                .as("%s (%s): run ./platform setup (installs Debian's chromium and chromium-driver)", path, variable)
                .canRead();
        return path;
    }
}
