package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.state.TaskState;
import io.weir.engine.scheduler.SchedulerListener;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The clear and mark choices of the task-instance page over real HTTP (the browser tests click two of them): each
 * confirmation lists exactly what the choice changes, and nothing changes before it is confirmed. Also the DAGs
 * page's filters by latest run state and by text.
 */
class TaskActionPagesIT {
    private static final Pattern LISTED = Pattern.compile("<tr data-task-id=\"([^\"]+)\" data-run-id=");

    private WebTestServer server;
    private HttpClient op;
    private String csrf;
    private String runId;
    private String run;

    private HttpClient signIn(String username) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = client.send(
                        HttpRequest.newBuilder(URI.create(server.url("/login"))).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf_token=" + token(form) + "&username="
                                + username + "&password="
                                + URLEncoder.encode(WebTestServer.PASSWORD, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        return client;
    }

    @BeforeEach
    void start() throws Exception {
        server = WebTestServer.start(
                Map.of("relay.yaml", OperateBrowserIT.RELAY, "hello.yaml", ApiIT.HELLO, "other.yaml", ApiIT.OTHER));
        runId = server.weir()
                .test("relay", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                .run()
                .runId();
        run = "/dags/relay/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
        op = signIn("op");
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

    private void confirm(String path, String form) throws Exception {
        HttpResponse<String> response = op.send(
                HttpRequest.newBuilder(URI.create(server.url(path)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "csrf_token=" + csrf + "&confirmed=yes" + (form.isEmpty() ? "" : "&" + form)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(302);
    }

    private static String token(String page) {
        Matcher matcher =
                Pattern.compile("name=\"csrf_token\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    /** The task ids a confirmation page lists, sorted. */
    private List<String> listed(String path) throws Exception {
        List<String> tasks = new ArrayList<>();
        Matcher matcher = LISTED.matcher(get(path));
        while (matcher.find()) {
            tasks.add(matcher.group(1));
        }
        return tasks.stream().sorted().toList();
    }

    private Map<String, TaskState> states() {
        Map<String, TaskState> states = new java.util.TreeMap<>();
        server.weir()
                .store()
                .inTransaction(s -> s.taskInstances().forRun("relay", runId))
                .forEach(instance -> states.put(instance.taskId(), instance.state()));
        return states;
    }

    @Test
    void eachClearChoiceListsWhatItResets() throws Exception {
        assertThat(listed(run + "/tasks/shape/clear")).containsExactly("shape");
        assertThat(listed(run + "/tasks/shape/clear?upstream=on")).containsExactly("fetch", "shape");
        assertThat(listed(run + "/tasks/shape/clear?downstream=on")).containsExactly("publish", "shape");
        assertThat(listed(run + "/tasks/shape/clear?upstream=on&downstream=on"))
                .containsExactly("fetch", "publish", "shape");
        assertThat(listed(run + "/clear")).as("the whole run").containsExactly("fetch", "publish", "shape");
        assertThat(states()).containsValues(TaskState.SUCCESS).doesNotContainValue(TaskState.NONE);

        confirm(run + "/tasks/publish/mark", "state=failed");
        assertThat(listed(run + "/tasks/shape/clear?downstream=on&only_failed=on"))
                .as("only the failed ones")
                .containsExactly("publish");
        confirm(run + "/tasks/shape/clear", "downstream=on&only_failed=on");
        assertThat(states())
                .isEqualTo(Map.of("fetch", TaskState.SUCCESS, "shape", TaskState.SUCCESS, "publish", TaskState.NONE));
    }

    @Test
    void eachMarkChoiceListsWhatItSets() throws Exception {
        assertThat(listed(run + "/tasks/shape/mark?state=failed")).containsExactly("shape");
        assertThat(listed(run + "/tasks/shape/mark?state=failed&downstream=on")).containsExactly("publish", "shape");
        assertThat(listed(run + "/tasks/shape/mark?state=failed&upstream=on")).containsExactly("fetch", "shape");
        assertThat(states()).doesNotContainValue(TaskState.FAILED);

        confirm(run + "/tasks/shape/mark", "state=failed&downstream=on");
        assertThat(states())
                .isEqualTo(Map.of("fetch", TaskState.SUCCESS, "shape", TaskState.FAILED, "publish", TaskState.FAILED));
        assertThat(listed(run + "/tasks/publish/mark?state=success&upstream=on"))
                .as("fetch succeeded already")
                .containsExactly("publish", "shape");
        confirm(run + "/tasks/publish/mark", "state=success&upstream=on");
        assertThat(states()).containsOnlyKeys("fetch", "shape", "publish").doesNotContainValue(TaskState.FAILED);
    }

    @Test
    void theDagsPageFiltersByLatestRunStateAndText() throws Exception {
        confirm(run + "/tasks/publish/mark", "state=failed");
        assertThat(dagIds(get("/?state=failed"))).containsExactly("relay");
        assertThat(dagIds(get("/?state=success"))).isEmpty();
        assertThat(dagIds(get("/")))
                .as("the failed one first")
                .startsWith("relay")
                .hasSize(3);
        assertThat(dagIds(get("/?q=alert"))).as("by description").containsExactly("hello");
        assertThat(dagIds(get("/?q=OTH"))).as("by id, any case").containsExactly("other");
        assertThat(dagIds(get("/?q=hel&tag=ops"))).isEmpty();
    }

    /** Every page an Admin can open, and every file they load, refer to nothing but this server. */
    @Test
    void everyPageWorksOfflineReferringToNothingOutsideTheServer() throws Exception {
        HttpClient admin = signIn("admin");
        Map<String, String> known = Map.of(
                "dag_id", "relay",
                "run_id", URLEncoder.encode(runId, StandardCharsets.UTF_8),
                "task_id", "shape",
                "file", "swagger-ui.css");
        List<String> pages = new ArrayList<>();
        for (String route : server.routes()) {
            String[] parts = route.split(" ", 2);
            boolean data = parts[1].startsWith("/api/v1/") && !parts[1].startsWith("/api/v1/ui");
            if (!parts[0].equals("GET") || data || parts[1].endsWith("/events") || parts[1].contains("metrics")) {
                continue;
            }
            String path = parts[1];
            for (Map.Entry<String, String> parameter : known.entrySet()) {
                path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
            }
            assertThat(path).as(route).doesNotContain("{");
            // The mark confirmation needs the state to set.
            pages.add(path.endsWith("/mark") ? path + "?state=success" : path);
        }
        assertThat(pages).as("pages, scripts and styles").hasSizeGreaterThan(20);
        Pattern outside = Pattern.compile(
                "(src|href|action)\\s*=\\s*[\"']?\\s*(https?:)?//|url\\(\\s*[\"']?(https?:)?//|@import\\s+[\"']?(https?:)?//");
        for (String path : pages) {
            HttpResponse<String> response = admin.send(
                    HttpRequest.newBuilder(URI.create(server.url(path))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isLessThan(400);
            assertThat(outside.matcher(response.body()).find())
                    .as("%s refers to another server: %s", path, found(outside, response.body()))
                    .isFalse();
        }
    }

    private static String found(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find()
                ? text.substring(Math.max(0, matcher.start() - 40), Math.min(text.length(), matcher.end() + 60))
                : "";
    }

    @Test
    void theGanttChartDrawsEachTasksQueuedSpanBeforeItsRunningSpan() throws Exception {
        String gantt = get("/dags/relay/gantt?run_id=" + URLEncoder.encode(runId, StandardCharsets.UTF_8));
        for (String task : List.of("fetch", "shape", "publish")) {
            assertThat(gantt)
                    .as(task)
                    .containsPattern("class=\"bar queued\" data-title=\"" + task + " queued [^\"]+\"")
                    .containsPattern("class=\"[^\"]*success[^\"]*\" data-title=\"" + task + "[^\"]*success");
            assertThat(gantt.indexOf(task + " queued"))
                    .as("the queued span is drawn first, under the running one")
                    .isLessThan(gantt.indexOf("data-title=\"" + task + " try"));
        }
    }

    private static List<String> dagIds(String page) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = Pattern.compile("<tr[^>]* data-dag-id=\"([^\"]+)\"").matcher(page);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
