package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The pages in headless Chromium (Debian's chromium and chromium-driver, nothing downloaded); each test saves a
 * screenshot under target/screenshots/. Skipped without Chromium, except with CI=true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private WebTestServer server;

    @BeforeAll
    void start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        assumeTrue(installed || "true".equals(System.getenv("CI")), "Chromium and chromium-driver are not installed");
        server = WebTestServer.start(
                Map.of("hello.yaml", ApiIT.HELLO, "other.yaml", ApiIT.OTHER, "broken.yaml", ApiIT.BROKEN));
        server.weir()
                .test(
                        "hello",
                        java.time.Instant.parse("2024-01-01T00:00:00Z"),
                        io.weir.engine.scheduler.SchedulerListener.NONE);
        Files.createDirectories(Path.of("target/screenshots"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A browser with a driver service of its own: quitting a browser stops its service. */
    private WebDriver browser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--disable-dev-shm-usage");
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return driver;
    }

    private void signIn(WebDriver driver, String username, String password) {
        driver.get(server.url("/"));
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target/screenshots", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void signInShowsTheDagsWithTheFailedOneFirstAndDescriptionsAsText() throws IOException {
        server.weir().mark("hello", "third", "2024-01-01", io.weir.core.state.TaskState.FAILED, false, false);
        WebDriver driver = browser();
        try {
            driver.get(server.url("/login"));
            screenshot(driver, "login");
            signIn(driver, "op", WebTestServer.PASSWORD);
            assertThat(driver.findElement(By.id("signed-in-user")).getText()).isEqualTo("op (Op)");
            var rows = driver.findElements(By.cssSelector("#dags tbody tr"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).getDomAttribute("data-dag-id")).isEqualTo("hello");
            assertThat(rows.get(0).getText()).contains("needs attention").contains("failed");
            // A description holding a script tag is shown as text, never run.
            assertThat(rows.get(0).findElement(By.className("description")).getText())
                    .isEqualTo("<script>alert(1)</script>");
            assertThat(driver.findElements(By.tagName("script"))).isEmpty();
            assertThat(driver.findElement(By.id("import-errors")).getText()).contains("dags/broken.yaml:");
            screenshot(driver, "dags");

            // DAGs are paused when they first appear: the toggle unpauses, then pauses again.
            driver.findElement(By.cssSelector("tr[data-dag-id='other'] button.toggle"))
                    .click();
            assertThat(driver.findElement(By.cssSelector("tr[data-dag-id='other']"))
                            .getText())
                    .startsWith("active")
                    .contains("Pause");
            driver.findElement(By.cssSelector("tr[data-dag-id='other'] button.toggle"))
                    .click();
            assertThat(driver.findElement(By.cssSelector("tr[data-dag-id='other']"))
                            .getText())
                    .startsWith("paused");
            String audit = server.send("GET", "/api/v1/eventLogs?dag_id=other", "viewer", null)
                    .body();
            assertThat(audit).contains("\"event\":\"unpause\"").contains("\"event\":\"pause\"");
            assertThat(audit).contains("\"origin\":\"ui\"").contains("\"owner\":\"op\"");
            driver.get(server.url("/?tag=ops"));
            assertThat(driver.findElements(By.cssSelector("#dags tbody tr"))).hasSize(1);
            screenshot(driver, "dags-filtered");

            driver.findElement(By.id("sign-out")).click();
            assertThat(driver.getCurrentUrl()).endsWith("/login");
            driver.get(server.url("/"));
            assertThat(driver.getCurrentUrl())
                    .as("signed out, pages need signing in again")
                    .endsWith("/login");
        } finally {
            driver.quit();
        }
    }

    @Test
    void aWrongPasswordIsToldAndAViewerGetsNoButtons() throws IOException {
        WebDriver driver = browser();
        try {
            signIn(driver, "viewer", "wrong password");
            assertThat(driver.findElement(By.id("login-problem")).getText()).isEqualTo("Wrong user name or password.");
            screenshot(driver, "login-failed");
            signIn(driver, "viewer", WebTestServer.PASSWORD);
            assertThat(driver.findElements(By.cssSelector("#dags tbody tr"))).hasSize(2);
            assertThat(driver.findElements(By.cssSelector("button.toggle"))).isEmpty();
            assertThat(driver.getPageSource()).doesNotContain(WebTestServer.PASSWORD);
            screenshot(driver, "dags-viewer");
        } finally {
            driver.quit();
        }
    }
}
