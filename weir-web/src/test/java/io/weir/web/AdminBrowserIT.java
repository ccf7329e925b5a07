package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.store.AuditRecord;
import io.weir.store.AuditRepository;
import io.weir.store.PoolRecord;
import io.weir.store.VariableRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Admin pages in headless Chromium: variables exported and imported, pools created, changed and deleted, users
 * given another role and a new password. Screenshots under target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    void requireChromium() {
        assumeTrue(Browsers.available(), "Chromium and chromium-driver are not installed");
    }

    private static Optional<VariableRecord> variable(WebTestServer server, String key) {
        return server.weir().store().inTransaction(s -> s.variables().get(key));
    }

    private static List<AuditRecord> audit(WebTestServer server, String event) {
        return server.weir().store().inTransaction(s -> s.audit()
                .list(new AuditRepository.Filter(null, event, null, null, null), 50, 0));
    }

    @Test
    void variablesAreExportedAsJsonAndImportedFromThatFileOrPasted() throws Exception {
        Path downloads = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "downloads-");
        try (WebTestServer server = WebTestServer.start(Map.of("daily.yaml", OperateBrowserIT.DAILY))) {
            server.weir().store().useTransaction(s -> {
                s.variables().set("region", "eu-west-1", "where the bucket is");
                s.variables().set("vendor_api_token", "tok-5f2a9c1e", null);
            });
            WebDriver driver = Browsers.open(downloads);
            try {
                Browsers.signIn(driver, server, "admin");
                Browsers.click(driver, By.id("menu-variables"), Browsers.shows(By.id("variables")));
                // A download leaves the page as it is: wait for the file, not for a page.
                driver.findElement(By.id("export-variables")).click();
                Path exported = downloads.resolve("variables.json");
                // The browser writes a download under another name and renames it when complete.
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Files.exists(exported));
                JsonNode export = JSON.readTree(Files.readString(exported));
                assertThat(export.get("region").asText()).isEqualTo("eu-west-1");
                assertThat(export.get("vendor_api_token").asText())
                        .as("an export is a backup: secret values are written as they are, for an Admin only")
                        .isEqualTo("tok-5f2a9c1e");
                assertThat(export.size()).isEqualTo(2);

                Browsers.clickAndConfirm(
                        driver,
                        By.cssSelector("tr[data-key='region'] button.delete"),
                        Browsers.shows(By.cssSelector("#variables tbody tr"), 1));
                assertThat(variable(server, "region")).isEmpty();

                driver.findElement(By.id("import-file")).sendKeys(exported.toString());
                Browsers.click(driver, By.id("import"), Browsers.shows(By.cssSelector("tr[data-key='region']")));
                assertThat(driver.findElement(By.cssSelector("tr[data-key='region'] .value"))
                                .getText())
                        .isEqualTo("eu-west-1");
                assertThat(variable(server, "region").orElseThrow().value()).isEqualTo("eu-west-1");
                assertThat(variable(server, "vendor_api_token").orElseThrow().value())
                        .isEqualTo("tok-5f2a9c1e");

                driver.findElement(By.id("import-json")).sendKeys("{\"batch_size\": 500,\n \"owner\": }");
                Browsers.click(driver, By.id("import"), Browsers.shows(By.id("problem")));
                assertThat(driver.findElement(By.id("problem")).getText())
                        .contains("line 2")
                        .contains("Nothing was imported");
                assertThat(variable(server, "batch_size")).isEmpty();
                Browsers.screenshot(driver, "variables-import-refused");

                driver.findElement(By.id("import-json")).clear();
                driver.findElement(By.id("import-json")).sendKeys("{\"batch_size\": 500, \"owner\": \"data team\"}");
                Browsers.click(driver, By.id("import"), Browsers.shows(By.cssSelector("#variables tbody tr"), 4));
                assertThat(driver.findElement(By.cssSelector("tr[data-key='batch_size'] .value"))
                                .getText())
                        .isEqualTo("500");
                assertThat(variable(server, "owner").orElseThrow().value()).isEqualTo("data team");
                assertThat(driver.getPageSource()).doesNotContain("tok-5f2a9c1e");
                Browsers.screenshot(driver, "variables-imported");
                assertThat(audit(server, "variable.export")).hasSize(1);
                assertThat(audit(server, "variable.import"))
                        .extracting(AuditRecord::extra)
                        .containsExactly("2 variables", "2 variables");
                assertThat(audit(server, "variable.delete"))
                        .extracting(AuditRecord::extra)
                        .containsExactly("key=region");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void poolsAreCreatedGivenOtherSlotsAndDeleted() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("daily.yaml", OperateBrowserIT.DAILY))) {
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "admin");
                Browsers.click(driver, By.id("menu-pools"), Browsers.shows(By.id("pools")));
                assertThat(driver.findElements(By.cssSelector("tr[data-pool='default_pool'] button.delete")))
                        .as("default_pool cannot be deleted")
                        .isEmpty();
                driver.findElement(By.id("pool-name")).sendKeys("warehouse");
                WebElement slots = driver.findElement(By.id("pool-slots"));
                slots.clear();
                slots.sendKeys("4");
                driver.findElement(By.id("pool-description")).sendKeys("the <b>DuckDB</b> file");
                Browsers.click(
                        driver, By.id("create-pool"), Browsers.shows(By.cssSelector("tr[data-pool='warehouse']")));
                WebElement row = driver.findElement(By.cssSelector("tr[data-pool='warehouse']"));
                assertThat(row.findElement(By.cssSelector("input.slots")).getDomProperty("value"))
                        .isEqualTo("4");
                assertThat(row.getText()).contains("the <b>DuckDB</b> file");
                assertThat(pool(server, "warehouse"))
                        .contains(new PoolRecord("warehouse", 4, "the <b>DuckDB</b> file"));
                Browsers.screenshot(driver, "pools-created");

                WebElement rowSlots = driver.findElement(By.cssSelector("tr[data-pool='warehouse'] input.slots"));
                rowSlots.clear();
                rowSlots.sendKeys("2");
                Browsers.click(
                        driver,
                        By.cssSelector("tr[data-pool='warehouse'] button.set-slots"),
                        Browsers.shows(By.cssSelector("tr[data-pool='warehouse']")));
                assertThat(driver.findElement(By.cssSelector("tr[data-pool='warehouse'] input.slots"))
                                .getDomProperty("value"))
                        .isEqualTo("2");
                assertThat(pool(server, "warehouse"))
                        .as("the description stays as it was")
                        .contains(new PoolRecord("warehouse", 2, "the <b>DuckDB</b> file"));
                Browsers.screenshot(driver, "pools-edited");

                Browsers.clickAndConfirm(
                        driver,
                        By.cssSelector("tr[data-pool='warehouse'] button.delete"),
                        Browsers.shows(By.cssSelector("#pools tbody tr"), 1));
                assertThat(pool(server, "warehouse")).isEmpty();
                assertThat(pool(server, "default_pool")).isPresent();
                Browsers.screenshot(driver, "pools-deleted");
                assertThat(audit(server, "pool.update"))
                        .extracting(AuditRecord::extra)
                        .containsExactly("name=warehouse slots=2", "name=warehouse slots=4");
                assertThat(audit(server, "pool.delete"))
                        .extracting(AuditRecord::extra)
                        .containsExactly("name=warehouse");
            } finally {
                driver.quit();
            }
        }
    }

    private static Optional<PoolRecord> pool(WebTestServer server, String name) {
        return server.weir().store().inTransaction(s -> s.pools().find(name));
    }

    @Test
    void anAdminGivesAUserAnotherRoleAndANewPassword() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("daily.yaml", OperateBrowserIT.DAILY))) {
            assertThat(server.send("GET", "/api/v1/version", "user", null).statusCode())
                    .isEqualTo(200);
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "admin");
                Browsers.click(driver, By.id("menu-users"), Browsers.shows(By.id("users")));
                assertThat(driver.findElements(By.cssSelector("tr[data-username='admin'] select.role-choice")))
                        .as("an Admin cannot demote themself")
                        .isEmpty();
                assertThat(driver.findElements(By.cssSelector("tr[data-username='admin'] button.delete")))
                        .isEmpty();
                new org.openqa.selenium.support.ui.Select(
                                driver.findElement(By.cssSelector("tr[data-username='viewer'] select.role-choice")))
                        .selectByVisibleText("Op");
                Browsers.click(
                        driver,
                        By.cssSelector("tr[data-username='viewer'] button.set-role"),
                        Browsers.shows(By.id("notice")));
                assertThat(driver.findElement(By.id("notice")).getText()).isEqualTo("The role of viewer is changed.");
                assertThat(server.app().accounts().find("viewer").orElseThrow().role())
                        .isEqualTo("Op");
                assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(
                                        By.cssSelector("tr[data-username='viewer'] select.role-choice")))
                                .getFirstSelectedOption()
                                .getText())
                        .isEqualTo("Op");
                // The new role counts at once: the former Viewer may now pause a DAG.
                assertThat(server.send("PATCH", "/api/v1/dags/daily", "viewer", "{\"is_paused\": false}")
                                .statusCode())
                        .isEqualTo(200);

                String newPassword = "a new one, 2024";
                driver.findElement(By.cssSelector("tr[data-username='user'] input.new-password"))
                        .sendKeys(newPassword);
                Browsers.clickAndConfirm(
                        driver,
                        By.cssSelector("tr[data-username='user'] button.reset-password"),
                        Browsers.shows(By.id("notice")));
                assertThat(driver.findElement(By.id("notice")).getText()).isEqualTo("The password of user is reset.");
                assertThat(driver.getPageSource()).doesNotContain(newPassword);
                Browsers.screenshot(driver, "users-changed");
                // The old password no longer signs in, even where it was remembered a moment ago.
                assertThat(server.send("GET", "/api/v1/version", "user", null).statusCode())
                        .isEqualTo(401);
                assertThat(server.app().accounts().authenticate("user", newPassword))
                        .isPresent();

                assertThat(audit(server, "user.role"))
                        .extracting(AuditRecord::extra)
                        .containsExactly("username=viewer role=Op was=Viewer");
                List<AuditRecord> resets = audit(server, "user.reset-password");
                assertThat(resets).extracting(AuditRecord::extra).containsExactly("username=user");
                assertThat(resets.get(0).username()).isEqualTo("admin");
                assertThat(resets.get(0).origin()).isEqualTo("ui");
            } finally {
                driver.quit();
            }
        }
    }
}
