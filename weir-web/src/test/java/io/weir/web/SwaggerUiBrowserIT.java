package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.web.api.OpenApiRoutes;
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
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI in headless Chromium renders Weir's OpenAPI document from the jar alone, and a call made from it with
 * a user's credentials reaches the API. Saves target/screenshots/swagger-ui.png. Skipped without Chromium, except
 * with CI=true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private WebTestServer server;

    @BeforeAll
    void start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        assumeTrue(installed || "true".equals(System.getenv("CI")), "Chromium and chromium-driver are not installed");
        server = WebTestServer.start(Map.of("hello.yaml", ApiIT.HELLO));
        Files.createDirectories(Path.of("target/screenshots"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void swaggerUiListsTheOperationsAndCallsTheApi() throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--window-size=1280,1400",
                "--disable-dev-shm-usage");
        WebDriver driver = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(server.url(OpenApiRoutes.UI + "/"));
            wait.until(page -> !page.findElements(By.cssSelector(".swagger-ui .info .title"))
                    .isEmpty());
            assertThat(driver.findElement(By.cssSelector(".swagger-ui .info .title"))
                            .getText())
                    .startsWith("Weir REST API");
            wait.until(page -> page.findElements(By.cssSelector(".opblock")).size() > 40);
            assertThat(driver.findElements(By.cssSelector(".opblock-summary-path")))
                    .extracting(element -> element.getText().replace("\u200b", ""))
                    .contains("/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries");

            // From the page, the browser calls the API with a user's basic credentials, as "Try it out" does.
            Object status = ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeAsyncScript(
                            "const done = arguments[arguments.length - 1];"
                                    + "fetch('/api/v1/dags', {headers: {Authorization: 'Basic ' + btoa(arguments[0])}})"
                                    + ".then(r => done(r.status));",
                            "viewer:" + WebTestServer.PASSWORD);
            assertThat(status).isEqualTo(200L);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(
                    shot.toPath(),
                    Path.of("target/screenshots", "swagger-ui.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.quit();
        }
    }
}
