package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Chromium for the page tests (Debian's chromium and chromium-driver), sign-in and screenshots. */
final class Browsers {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** How long a click may take to lead to its page on a machine busy with other builds. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Browsers() {}

    /** Whether the tests can run: Chromium is installed, or CI=true demands that they run (and fail without it). */
    static boolean available() {
        return (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) || "true".equals(System.getenv("CI"));
    }

    /** A browser with a driver service of its own: quitting the browser stops its service. */
    static WebDriver open() {
        return open(null);
    }

    /** As {@link #open()}, saving downloads in {@code downloads} (none when null) without asking. */
    static WebDriver open(Path downloads) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--disable-dev-shm-usage");
        if (downloads != null) {
            options.setExperimentalOption(
                    "prefs",
                    Map.of(
                            "download.default_directory",
                            downloads.toAbsolutePath().toString(),
                            "download.prompt_for_download",
                            false));
        }
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return driver;
    }

    static void signIn(WebDriver driver, WebTestServer server, String username) {
        driver.get(server.url("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(WebTestServer.PASSWORD);
        click(driver, By.id("sign-in"), shows(By.id("signed-in-user")));
        assertThat(driver.findElement(By.id("signed-in-user")).getText()).startsWith(username + " (");
    }

    /**
     * Clicks what {@code target} finds, then waits until the browser has left this page for the one the click leads
     * to (a link followed, a form sent and its answer or redirect shown) and {@code ready} holds there: true, or
     * anything but false and null, which is returned. A click returns before the browser has done either, so a page
     * read straight after it may still be the old one, or half of the new one.
     */
    static <T> T click(WebDriver driver, By target, Function<WebDriver, T> ready) {
        WebElement before = driver.findElement(By.tagName("html"));
        driver.findElement(target).click();
        return waitForPage(driver, before, ready);
    }

    /** As {@link #click}, for a button whose form first asks the browser's confirm dialog, which is accepted. */
    static <T> T clickAndConfirm(WebDriver driver, By target, Function<WebDriver, T> ready) {
        WebElement before = driver.findElement(By.tagName("html"));
        driver.findElement(target).click();
        new WebDriverWait(driver, PATIENCE)
                .until(ExpectedConditions.alertIsPresent())
                .accept();
        return waitForPage(driver, before, ready);
    }

    private static <T> T waitForPage(WebDriver driver, WebElement before, Function<WebDriver, T> ready) {
        return new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> left(before) ? ready.apply(d) : null);
    }

    /**
     * Whether {@code element}'s page has been left. Chromium tells so as a stale element, or, when asked while the
     * next page is being swapped in, as "Node with given id does not belong to the document".
     */
    private static boolean left(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Ready when the page shows an element {@code what} finds. */
    static Function<WebDriver, Boolean> shows(By what) {
        return d -> !d.findElements(what).isEmpty();
    }

    /** Ready when the page shows exactly {@code count} elements {@code what} finds. */
    static Function<WebDriver, Boolean> shows(By what, int count) {
        return d -> d.findElements(what).size() == count;
    }

    /** Ready when the browser's address ends with {@code path} (and the page has loaded: see {@link #click}). */
    static Function<WebDriver, Boolean> at(String path) {
        return d -> d.getCurrentUrl().endsWith(path);
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
