package io.weir.web;

import io.weir.engine.Weir;
import io.weir.web.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A project in a temporary folder with two DAGs and a user of each role, served by a real {@link WebServer} on a
 * free port. Requests go over real HTTP.
 */
public final class WebTestServer implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";

    private final Path project;
    private final Weir weir;
    private final WebApp app;
    private final WebServer server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebTestServer(Path project, Weir weir, WebApp app, WebServer server) {
        this.project = project;
        this.weir = weir;
        this.app = app;
        this.server = server;
    }

    /** A project whose DAG files are {@code dags} (file name to YAML), served with one user per role. */
    public static WebTestServer start(Map<String, String> dags) {
        return start(dags, null);
    }

    /** As {@link #start(Map)}, with {@code weirYaml} as the project's settings (null for none). */
    public static WebTestServer start(Map<String, String> dags, String weirYaml) {
        try {
            Path project = Files.createTempDirectory("weir-web-");
            Files.createDirectories(project.resolve("dags"));
            if (weirYaml != null) {
                Files.writeString(project.resolve("weir.yaml"), weirYaml);
            }
            for (Map.Entry<String, String> dag : dags.entrySet()) {
                Files.writeString(project.resolve("dags").resolve(dag.getKey()), dag.getValue());
            }
            Weir weir = Weir.open(project, Map.of());
            weir.dagBag();
            WebApp app = WebApp.of(weir, "0.1.0-test");
            for (Role role : Role.values()) {
                app.accounts()
                        .create(role.toString(), PASSWORD, role, role + "@example.com", role.displayName(), "Tester");
            }
            return new WebTestServer(project, weir, app, WebServer.start(app, "127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Weir weir() {
        return weir;
    }

    public WebApp app() {
        return app;
    }

    public Path project() {
        return project;
    }

    /** Every handler the server registered, as {@code METHOD path}. */
    public List<String> routes() {
        return server.routes();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** A request as {@code username} (one of admin, op, user, viewer) with basic credentials; null sends none. */
    public HttpResponse<String> send(String method, String path, String username, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (username != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((username + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        weir.close();
        try (Stream<Path> paths = Files.walk(project)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
