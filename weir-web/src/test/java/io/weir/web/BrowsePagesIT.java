package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.dag.Dag;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.engine.ops.DagRuns;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.AuditRecord;
import io.weir.store.AuditRepository;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Browse over real HTTP with an Op's session: the run-type filter, sorting by a column either way, paging 50 rows at
 * a time, and the bulk actions the browser test does not click (deleting runs, marking task instances), each first
 * listing what it will change.
 */
class BrowsePagesIT {
    private static final Pattern RUN_ROW = Pattern.compile("<tr data-run-id=\"([^\"]+)\" data-dag-id=\"daily\">");
    private static final Instant DAY_1 = Instant.parse("2024-03-01T00:00:00Z");

    private WebTestServer server;
    private HttpClient op;
    private String csrf;

    @BeforeEach
    void start() throws Exception {
        server = WebTestServer.start(Map.of("daily.yaml", OperateBrowserIT.DAILY));
        for (int day = 0; day < 3; day++) {
            server.weir().test("daily", DAY_1.plus(Duration.ofDays(day)), SchedulerListener.NONE);
        }
        // 52 scheduled runs after them, as a scheduler would have left them.
        Dag dag = server.weir().requireDag("daily");
        server.weir().store().useTransaction(session -> {
            for (int day = 3; day < 55; day++) {
                session.runs()
                        .create(DagRuns.newRun(
                                dag,
                                RunType.SCHEDULED,
                                DAY_1.plus(Duration.ofDays(day)),
                                DagRunState.SUCCESS,
                                "{}",
                                Instant.now(),
                                null));
            }
        });
        op = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = get("/login");
        HttpResponse<String> login = op.send(
                HttpRequest.newBuilder(URI.create(server.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf_token=" + token(form) + "&username=op&password="
                                + encode(WebTestServer.PASSWORD)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        csrf = token(get("/"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = op.send(
                HttpRequest.newBuilder(URI.create(server.url(path))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return op.send(
                HttpRequest.newBuilder(URI.create(server.url(path)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf_token=" + csrf + "&" + form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String page) {
        Matcher matcher =
                Pattern.compile("name=\"csrf_token\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> runIds(String page) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = RUN_ROW.matcher(page);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    private static String manual(int day) {
        return "manual__2024-03-0" + day + "T00:00:00+00:00";
    }

    @Test
    void runsAreFilteredByTypeSortedEitherWayAndPagedFiftyAtATime() throws Exception {
        assertThat(runIds(get("/browse/runs?dag_id=daily&run_type=manual")))
                .as("newest first by default")
                .containsExactly(manual(3), manual(2), manual(1));
        assertThat(runIds(get("/browse/runs?dag_id=daily&run_type=scheduled"))).hasSize(50);

        String ascending = get("/browse/runs?dag_id=daily&sort=logical_date&order=asc");
        assertThat(runIds(ascending)).hasSize(50).startsWith(manual(1), manual(2), manual(3));
        assertThat(ascending).contains("1&ndash;50 of 55").contains("id=\"next-page\"");
        List<String> rest = runIds(get("/browse/runs?dag_id=daily&sort=logical_date&order=asc&offset=50"));
        assertThat(rest).hasSize(5).last().asString().startsWith("scheduled__2024-04-24");

        // By run id: manual__ sorts before scheduled__, and after it the other way round.
        assertThat(runIds(get("/browse/runs?dag_id=daily&sort=run_id&order=asc"))
                        .get(0))
                .isEqualTo(manual(1));
        assertThat(runIds(get("/browse/runs?dag_id=daily&sort=run_id&order=desc"))
                        .get(0))
                .startsWith("scheduled__");
        // A column that does not exist sorts by logical date; it never reaches the SQL.
        assertThat(runIds(get("/browse/runs?dag_id=daily&sort=password&order=asc"))
                        .get(0))
                .isEqualTo(manual(1));
    }

    @Test
    void runsTickedAreDeletedOnlyOnceTheConfirmationIsSent() throws Exception {
        String form =
                "action=delete&selected=" + encode("daily|" + manual(1)) + "&selected=" + encode("daily|" + manual(2));
        HttpResponse<String> asked = post("/browse/runs", form);
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body())
                .contains("Delete 2 runs?")
                .contains(manual(1))
                .contains(manual(2))
                .contains("name=\"confirmed\" value=\"yes\"");
        assertThat(runIds(get("/browse/runs?dag_id=daily&run_type=manual")))
                .as("nothing deleted before the confirmation")
                .hasSize(3);

        assertThat(post("/browse/runs", form + "&confirmed=yes").statusCode()).isEqualTo(302);
        assertThat(runIds(get("/browse/runs?dag_id=daily&run_type=manual"))).containsExactly(manual(3));
        List<AuditRecord> audit =
                server.weir().store().inTransaction(s -> s.audit().list(AuditRepository.Filter.ALL, 10, 0));
        assertThat(audit)
                .filteredOn(entry -> entry.event().equals("delete"))
                .extracting(AuditRecord::runId)
                .containsExactlyInAnyOrder(manual(1), manual(2));
        assertThat(audit).filteredOn(entry -> entry.event().equals("delete")).allSatisfy(entry -> {
            assertThat(entry.username()).isEqualTo("op");
            assertThat(entry.origin()).isEqualTo("ui");
        });
    }

    @Test
    void taskInstancesTickedAreMarkedFailedOnlyOnceTheConfirmationIsSent() throws Exception {
        String form = "action=mark_failed&selected=" + encode("daily|" + manual(2) + "|load");
        HttpResponse<String> asked = post("/browse/task-instances", form);
        assertThat(asked.body()).contains("Mark failed 1 task instance?").contains(manual(2));
        assertThat(state(manual(2))).isEqualTo(TaskState.SUCCESS);

        assertThat(post("/browse/task-instances", form + "&confirmed=yes").statusCode())
                .isEqualTo(302);
        assertThat(state(manual(2))).isEqualTo(TaskState.FAILED);
        assertThat(state(manual(1))).isEqualTo(TaskState.SUCCESS);
        assertThat(get("/browse/task-instances?dag_id=daily&state=failed"))
                .contains(manual(2))
                .doesNotContain(manual(1));
        AuditRecord newest = server.weir()
                .store()
                .inTransaction(s -> s.audit().list(AuditRepository.Filter.ALL, 1, 0))
                .get(0);
        assertThat(newest.event()).isEqualTo("mark.failed");
        assertThat(newest.runId()).isEqualTo(manual(2));
        assertThat(newest.extra()).isEqualTo("bulk from Browse");
    }

    private TaskState state(String runId) {
        return server.weir()
                .store()
                .inTransaction(s -> s.taskInstances().find("daily", runId, "load"))
                .orElseThrow()
                .state();
    }
}
