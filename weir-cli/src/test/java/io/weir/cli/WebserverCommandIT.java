package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir webserver} in a process of its own: the pages and the API on the host and port it is given. */
class WebserverCommandIT {
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void webserverServesThePagesTheApiAndTheMetricsOnTheHostAndPortGiven() throws Exception {
        TestProject project = new TestProject(temp.resolve("project"))
                .dag(
                        "hello.yaml",
                        """
                dag_id: hello
                start_date: 2024-01-01
                tasks:
                  only:
                    type: empty
                """);
        project.ok("users", "create", "-u", "ana", "-p", "pw-ana", "-r", "Viewer", "-e", "a", "-f", "A", "-l", "S");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--project",
                project.dir().toString(),
                "webserver",
                "--port",
                "0",
                "--host",
                "127.0.0.1");
        builder.environment().clear();
        builder.environment().putAll(project.environment());
        Path output = temp.resolve("webserver.log");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        Process webserver = builder.start();
        try {
            long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
            String text = "";
            while (System.nanoTime() < deadline && !text.contains("Press Ctrl-C to stop.")) {
                assertThat(webserver.isAlive()).as(text).isTrue();
                Thread.sleep(100);
                text = Files.readString(output);
            }
            Matcher web = Pattern.compile("  web       (http://127\\.0\\.0\\.1:[1-9][0-9]*)\n")
                    .matcher(text);
            assertThat(web.find()).as(text).isTrue();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> login = client.send(
                    HttpRequest.newBuilder(URI.create(web.group(1) + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode())
                    .as("the DAGs page sends a stranger to sign in")
                    .isEqualTo(302);
            assertThat(login.headers().firstValue("Location"))
                    .hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
            HttpResponse<String> dags = client.send(
                    HttpRequest.newBuilder(URI.create(web.group(1) + "/api/v1/dags"))
                            .header(
                                    "Authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString("ana:pw-ana".getBytes(StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dags.statusCode()).as(dags.body()).isEqualTo(200);
            assertThat(dags.body()).contains("\"dag_id\":\"hello\"");
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create(web.group(1) + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("weir_import_errors 0");
            webserver.destroy();
            assertThat(webserver.waitFor(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            assertThat(Files.readString(output)).contains("Weir webserver").contains("Stopped.");
        } finally {
            webserver.destroyForcibly();
        }
    }
}
