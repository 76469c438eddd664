package cn.binjiang.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' browser: Debian's headless Chromium (./platform setup installs it) at 1920×1080 with a profile
 * of its own under target/, the dashboard's login form, and screenshots in target/screenshots.
 */
final class HeadlessChromium {
    static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private HeadlessChromium() {}

    static WebDriver start() throws IOException {
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
        return new ChromeDriver(service, options);
    }

    /** Fills the login form the browser was sent to and waits until it leaves the login page. */
    static void logIn(WebDriver browser, String user, String password) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
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
