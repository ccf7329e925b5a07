package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.state.TaskState;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.VariableRecord;
import io.weir.store.XComRecord;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The operating, browse, audit and admin pages over real HTTP: CSRF, roles, escaping, paths and secrets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiSecurityIT {
    static final String SECRETIVE =
            """
            dag_id: secretive
            description: "<img src=x onerror=alert(3)>"
            start_date: 2024-01-01
            tasks:
              call:
                type: command
                command: "echo {{ var.value.vendor_password }} # <script>alert(4)</script>"
              shout:
                type: command
                command: "echo '<script>alert(5)</script>'"
            """;

    private WebTestServer server;
    private String runId;

    @BeforeAll
    void start() throws Exception {
        server = WebTestServer.start(Map.of("secretive.yaml", SECRETIVE));
        server.weir().store().useTransaction(s -> {
            s.variables().set("vendor_password", "hunter2-correct-horse", null);
            s.variables().set("greeting", "<script>alert(2)</script>", null);
        });
        runId = server.weir()
                .test("secretive", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                .run()
                .runId();
        server.weir().store().useTransaction(s -> s.xcoms()
                .put(new XComRecord("secretive", runId, "call", "api_token", "\"tok-77\"", Instant.now())));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private record Session(HttpClient client, String csrf) {}

    private Session signIn(String username) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = get(client, "/login").body();
        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf_token=" + token(form) + "&username=" + username
                                + "&password=" + WebTestServer.PASSWORD.replace(" ", "+")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        return new Session(client, token(get(client, "/").body()));
    }

    private static String token(String page) {
        Matcher matcher =
                Pattern.compile("name=\"csrf_token\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(server.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Session session, String path, String form) throws Exception {
        return session.client()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url(path)))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private TaskState state() {
        return server.weir()
                .store()
                .inTransaction(s -> s.taskInstances().find("secretive", runId, "call"))
                .orElseThrow()
                .state();
    }

    @Test
    void everyNewFormIsRefusedWithoutItsCsrfToken() throws Exception {
        Session admin = signIn("admin");
        assertThat(post(admin, "/admin/variables", "key=planted&value=x").statusCode())
                .isEqualTo(403);
        Optional<VariableRecord> planted =
                server.weir().store().inTransaction(s -> s.variables().get("planted"));
        assertThat(planted).isEmpty();
        String task = "/dags/secretive/runs/" + encode(runId) + "/tasks/call";
        assertThat(post(admin, task + "/mark", "confirmed=yes&state=failed").statusCode())
                .isEqualTo(403);
        assertThat(post(
                                admin,
                                "/browse/task-instances",
                                "confirmed=yes&action=clear&selected=" + encode("secretive|" + runId + "|call"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(admin, "/admin/users", "username=mallory&password=long+enough+pw&role=Admin")
                        .statusCode())
                .isEqualTo(403);
        assertThat(state()).isEqualTo(TaskState.SUCCESS);
        assertThat(server.app().accounts().find("mallory")).isEmpty();
        // With the token the same mark goes through, after its confirmation.
        assertThat(post(admin, task + "/mark", "csrf_token=" + admin.csrf() + "&confirmed=yes&state=failed")
                        .statusCode())
                .isEqualTo(302);
        assertThat(state()).isEqualTo(TaskState.FAILED);
        server.weir().mark("secretive", "call", runId, TaskState.SUCCESS, false, false);
    }

    @Test
    void aViewerCanNeitherOperateNorAdminister() throws Exception {
        Session viewer = signIn("viewer");
        String task = "/dags/secretive/runs/" + encode(runId) + "/tasks/call";
        assertThat(get(viewer.client(), task + "/clear").statusCode()).isEqualTo(403);
        assertThat(post(viewer, task + "/mark", "csrf_token=" + viewer.csrf() + "&confirmed=yes&state=failed")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(
                                viewer,
                                "/browse/runs",
                                "csrf_token=" + viewer.csrf() + "&confirmed=yes&action=delete&selected="
                                        + encode("secretive|" + runId))
                        .statusCode())
                .isEqualTo(403);
        assertThat(state()).isEqualTo(TaskState.SUCCESS);
        Optional<DagRunRecord> run =
                server.weir().store().inTransaction(s -> s.runs().find("secretive", runId));
        assertThat(run).isPresent();
        for (String page : List.of("/admin/variables", "/admin/variables/export", "/admin/users", "/admin/pools")) {
            HttpResponse<String> response = get(viewer.client(), page);
            assertThat(response.statusCode()).as(page).isEqualTo(403);
            assertThat(response.body()).doesNotContain("hunter2");
        }
        assertThat(post(viewer, "/admin/variables", "csrf_token=" + viewer.csrf() + "&key=planted&value=x")
                        .statusCode())
                .isEqualTo(403);
        // Reading stays open to a Viewer: Browse and the audit log.
        assertThat(get(viewer.client(), "/browse/task-instances").statusCode()).isEqualTo(200);
        assertThat(get(viewer.client(), "/audit").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyAnAdminWithTheFormsTokenChangesARoleOrAPassword() throws Exception {
        String hashBefore = server.app().accounts().find("op").orElseThrow().passwordHash();
        Session viewer = signIn("viewer");
        String token = "csrf_token=" + viewer.csrf();
        HttpResponse<String> role = post(viewer, "/admin/users/role", token + "&username=viewer&role=Admin");
        assertThat(role.statusCode()).isEqualTo(403);
        assertThat(role.body()).contains("Only an Admin may open /admin/users/role");
        assertThat(post(viewer, "/admin/users/password", token + "&username=op&password=taken+over")
                        .statusCode())
                .isEqualTo(403);
        Session operator = signIn("op");
        assertThat(post(operator, "/admin/users/role", "csrf_token=" + operator.csrf() + "&username=op&role=Admin")
                        .statusCode())
                .isEqualTo(403);
        Session admin = signIn("admin");
        assertThat(post(admin, "/admin/users/role", "username=viewer&role=Admin")
                        .statusCode())
                .as("without the CSRF token")
                .isEqualTo(403);
        assertThat(post(admin, "/admin/users/password", "username=op&password=taken+over")
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.app().accounts().find("viewer").orElseThrow().role()).isEqualTo("Viewer");
        assertThat(server.app().accounts().find("op").orElseThrow().role()).isEqualTo("Op");
        assertThat(server.app().accounts().find("op").orElseThrow().passwordHash())
                .isEqualTo(hashBefore);
        // With the token, an unknown role or user is told, and nothing changes.
        HttpResponse<String> unknown =
                post(admin, "/admin/users/role", "csrf_token=" + admin.csrf() + "&username=viewer&role=Root");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown role");
        assertThat(post(admin, "/admin/users/password", "csrf_token=" + admin.csrf() + "&username=nobody&password=x")
                        .body())
                .contains("No user nobody");
        assertThat(post(admin, "/admin/users/role", "csrf_token=" + admin.csrf() + "&username=admin&role=Viewer")
                        .body())
                .contains("cannot change the role of the user you are signed in as");
        assertThat(server.app().accounts().find("admin").orElseThrow().role()).isEqualTo("Admin");
    }

    @Test
    void pagesEscapeWhatTheyShowAndShowNoSecrets() throws Exception {
        Session admin = signIn("admin");
        String variables = get(admin.client(), "/admin/variables").body();
        assertThat(variables)
                .contains("&lt;script&gt;alert(2)&lt;/script&gt;")
                .doesNotContain("<script>alert(2)")
                .doesNotContain("hunter2-correct-horse");
        for (String tab : List.of("", "/graph", "/gantt", "/code", "/runs", "/durations", "/landing")) {
            String page = get(admin.client(), "/dags/secretive" + tab).body();
            assertThat(page).as(tab).doesNotContain("<img src=x").doesNotContain("<script>alert(4)");
        }
        assertThat(get(admin.client(), "/dags/secretive/code").body())
                .contains("&lt;script&gt;alert(4)&lt;/script&gt;");
        String task = get(admin.client(), "/dags/secretive/runs/" + encode(runId) + "/tasks/call")
                .body();
        // The rendered command and the XCom under a secret-looking key are masked. (The log shows what the task
        // printed, masked as it was written, as `weir tasks logs` shows it.)
        String shown = task.substring(task.indexOf("<h2>Rendered template fields</h2>"), task.indexOf("<h2>Log</h2>"));
        assertThat(shown).contains("echo ***").doesNotContain("hunter2-correct-horse");
        assertThat(shown).contains("api_token").doesNotContain("tok-77");
    }

    @Test
    void aLogLineIsShownAsText() throws Exception {
        Session viewer = signIn("viewer");
        String path = "/dags/secretive/runs/" + encode(runId) + "/tasks/shout";
        for (String page : List.of(path, path + "/log?try=1")) {
            assertThat(get(viewer.client(), page).body())
                    .as(page)
                    .contains("&lt;script&gt;alert(5)&lt;/script&gt;")
                    .doesNotContain("<script>alert(5)");
        }
    }

    @Test
    void noPasswordOrSecretReachesTheServersLog() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger weir =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.weir");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        ch.qos.logback.classic.Level rootLevel = root.getLevel();
        root.addAppender(captured);
        // Everything Weir logs, and what the libraries log at INFO.
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        weir.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            HttpClient anonymous = HttpClient.newHttpClient();
            String form = get(anonymous, "/login").body();
            anonymous.send(
                    HttpRequest.newBuilder(URI.create(server.url("/login")))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "csrf_token=" + token(form) + "&username=op&password=wrong-pass-9c2e"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/dags")))
                    .header(
                            "Authorization",
                            "Basic "
                                    + java.util.Base64.getEncoder()
                                            .encodeToString("user:basic-wrong-41aa".getBytes(StandardCharsets.UTF_8)))
                    .build());
            Session admin = signIn("admin");
            post(
                    admin,
                    "/admin/users",
                    "csrf_token=" + admin.csrf()
                            + "&username=logged&password=new-user-pw-55c1&role=Viewer&email=l%40x&first_name=L"
                            + "&last_name=G");
            post(
                    admin,
                    "/admin/users/password",
                    "csrf_token=" + admin.csrf() + "&username=logged&password=reset-pw-0b7e");
            server.send("POST", "/api/v1/variables", "admin", "{\"key\": \"db_password\", \"value\": \"var-pw-3e8d\"}");
            server.send(
                    "PATCH",
                    "/api/v1/variables/db_password",
                    "admin",
                    "{\"key\": \"db_password\", \"value\": \"var-pw-4f9e\"}");
            get(admin.client(), "/dags/secretive/runs/" + encode(runId) + "/tasks/call");
            get(admin.client(), "/admin/variables/export");
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            weir.setLevel(null);
        }
        for (ch.qos.logback.classic.spi.ILoggingEvent event : captured.list) {
            String logged = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                            ? ""
                            : " " + event.getThrowableProxy().getMessage());
            assertThat(logged)
                    .as(event.getLoggerName())
                    .doesNotContain(WebTestServer.PASSWORD)
                    .doesNotContain("wrong-pass-9c2e")
                    .doesNotContain("basic-wrong-41aa")
                    .doesNotContain("new-user-pw-55c1")
                    .doesNotContain("reset-pw-0b7e")
                    .doesNotContain("var-pw-3e8d")
                    .doesNotContain("var-pw-4f9e")
                    .doesNotContain("hunter2-correct-horse");
        }
    }

    @Test
    void theCodeTabReadsOnlyFilesInsideTheDagFolder() throws Exception {
        Files.writeString(server.project().resolve("private.txt"), "not for the web");
        server.weir().store().useTransaction(s -> s.dags()
                .upsert(
                        new DagRecord(
                                "sneaky",
                                "dags/../private.txt",
                                false,
                                true,
                                null,
                                null,
                                List.of(),
                                "f",
                                Instant.now()),
                        false));
        Session viewer = signIn("viewer");
        HttpResponse<String> code = get(viewer.client(), "/dags/sneaky/code");
        assertThat(code.body()).doesNotContain("not for the web").contains("is not inside the project's DAG folder");
        HttpResponse<String> climbing = get(viewer.client(), "/dags/..%2F..%2Fprivate.txt/code");
        assertThat(climbing.statusCode()).isEqualTo(404);
        assertThat(climbing.body()).doesNotContain("not for the web");
    }
}
