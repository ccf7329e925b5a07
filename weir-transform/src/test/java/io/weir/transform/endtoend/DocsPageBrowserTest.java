package io.weir.transform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage page of {@code docs generate}, opened from disk in headless Chromium: the page's script renders the
 * chosen node, its columns with the warehouse's types, and its lineage, with no server and no network. Skipped
 * where Chromium is not installed, except with {@code CI=true}.
 */
class DocsPageBrowserTest {
    @TempDir
    Path dir;

    @Test
    void theLineagePageRendersANodeWithItsColumnsAndLineage() throws Exception {
        Optional<Path> chromium = chromium();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(chromium)
                    .as("CI=true needs Chromium for the browser tests (apt-get install chromium)")
                    .isPresent();
        }
        assumeTrue(chromium.isPresent());
        Path project = ShopProject.copyInto(Files.createDirectories(dir.resolve("shop")));
        WarehouseTarget target = TestWarehouses.duckdb(dir, "analytics");
        TransformOptions options = new TransformOptions(
                project, null, null, List.of(), List.of(), false, Map.of(), 2, false, target, null, null, null,
                Map.of());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Transform transform = Transform.open(options)) {
            transform.execute(TransformStep.SEED, quiet);
            transform.execute(TransformStep.RUN, quiet);
            transform.docsGenerate(quiet);
        }
        Path page = project.resolve("target/index.html");

        String dom = dumpDom(chromium.get(), page.toUri() + "#!/model.shop.customers");

        assertThat(dom)
                .contains("<main id=\"details\"><h1>customers</h1>")
                .contains("Customers with their orders and what they paid.")
                .contains("<td>lifetime_value</td><td>DOUBLE</td>")
                .contains("<svg")
                .contains(">stg_customers<")
                .contains(">order_payments<")
                .contains("__dbt__cte__");
        assertThat(dom).contains(">stg_orders<");
    }

    private static String dumpDom(Path chromium, String url) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--virtual-time-budget=5000",
                        "--dump-dom",
                        url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("Chromium ends within a minute")
                .isTrue();
        return new String(output, StandardCharsets.UTF_8);
    }

    private static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .flatMap(folder -> Stream.of("chromium", "chromium-browser", "google-chrome")
                        .map(name -> Path.of(folder, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
