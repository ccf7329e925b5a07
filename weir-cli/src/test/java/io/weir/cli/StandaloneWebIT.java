package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir standalone} in a process of its own: the web server beside the scheduler, and the first admin. */
class StandaloneWebIT {
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void standaloneServesTheApiAndMakesTheAdminOnceWithAnOwnerOnlyPasswordFile() throws Exception {
        TestProject project = new TestProject(temp.resolve("project"))
                .dag(
                        "hello.yaml",
                        """
                dag_id: hello
                schedule: "@daily"
                start_date: 2024-01-01
                catchup: false
                tasks:
                  only:
                    type: empty
                """);
        String first = runUntilBanner(project, "first");
        Matcher login = Pattern.compile("  login     admin / (\\S+) \\(first start; kept in (\\S+)\\)")
                .matcher(first);
        assertThat(login.find()).as(first).isTrue();
        String password = login.group(1);
        Path file = project.dir().resolve(".weir/standalone_admin_password.txt");
        assertThat(Path.of(login.group(2))).isEqualTo(file);
        assertThat(Files.readString(file).strip()).isEqualTo(password);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(first).contains("  web       http://127.0.0.1:");

        String second = runUntilBanner(project, "second");
        assertThat(second).contains("  login     admin, password in " + file).doesNotContain(password);
        assertThat(project.ok("users", "list", "-o", "plain")).startsWith("admin\t");
    }

    /** Starts standalone on a free port, checks its API with the admin's password, stops it; returns its output. */
    private String runUntilBanner(TestProject project, String name) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--project",
                project.dir().toString(),
                "standalone",
                "--port",
                "0",
                "--host",
                "127.0.0.1");
        builder.environment().clear();
        builder.environment().putAll(project.environment());
        Path output = temp.resolve("standalone-" + name + ".log");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        Process standalone = builder.start();
        try {
            long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
            String text = "";
            while (System.nanoTime() < deadline && !text.contains("Press Ctrl-C to stop.")) {
                assertThat(standalone.isAlive()).as(text).isTrue();
                Thread.sleep(100);
                text = Files.readString(output);
            }
            assertThat(text).contains("Press Ctrl-C to stop.");
            Matcher web = Pattern.compile("  web       (http://\\S+)").matcher(text);
            assertThat(web.find()).isTrue();
            String password = Files.readString(project.dir().resolve(".weir/standalone_admin_password.txt"))
                    .strip();
            HttpResponse<String> dags = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(web.group(1) + "/api/v1/dags"))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + Base64.getEncoder()
                                                            .encodeToString(("admin:" + password)
                                                                    .getBytes(StandardCharsets.UTF_8)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(dags.statusCode()).as(dags.body()).isEqualTo(200);
            assertThat(dags.body()).contains("\"dag_id\":\"hello\"");
            standalone.destroy();
            assertThat(standalone.waitFor(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            return Files.readString(output);
        } finally {
            standalone.destroyForcibly();
        }
    }
}
