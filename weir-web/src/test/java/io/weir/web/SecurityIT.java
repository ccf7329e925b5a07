package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Sessions, CSRF and escaping over real HTTP, as a browser (or an attacker's page) would send requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
    private WebTestServer server;

    @BeforeAll
    void start() {
        server = WebTestServer.start(Map.of("hello.yaml", ApiIT.HELLO));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A client with its own cookie jar, signed in through the form; returns it with the page's CSRF token. */
    private Session signIn(String username) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = client.send(
                        HttpRequest.newBuilder(URI.create(server.url("/login"))).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf_token=" + token(form) + "&username=" + username
                                + "&password=" + WebTestServer.PASSWORD.replace(" ", "+")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("weir_session=")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax"));
        String page = client.send(
                        HttpRequest.newBuilder(URI.create(server.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return new Session(client, token(page), page);
    }

    private static String token(String page) {
        Matcher matcher =
                Pattern.compile("name=\"csrf_token\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    private record Session(HttpClient client, String csrf, String page) {
        HttpResponse<String> post(String url, String body, String csrfHeader) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (csrfHeader != null) {
                request.header("X-CSRF-Token", csrfHeader);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private boolean paused() {
        return server.weir()
                .store()
                .inTransaction(s -> s.dags().find("hello"))
                .orElseThrow()
                .paused();
    }

    @Test
    void aStateChangeWithoutTheCsrfTokenIsRefused() throws Exception {
        Session op = signIn("op");
        // DAGs are paused when they first appear; unpausing is the change tried here.
        assertThat(paused()).isTrue();
        assertThat(op.post(server.url("/dags/hello/unpause"), "", null).statusCode())
                .isEqualTo(403);
        assertThat(op.post(server.url("/dags/hello/unpause"), "csrf_token=0000", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(paused()).isTrue();
        assertThat(op.post(server.url("/dags/hello/unpause"), "csrf_token=" + op.csrf(), null)
                        .statusCode())
                .isEqualTo(302);
        assertThat(paused()).isFalse();
        // The API signed in by the session cookie alone changes nothing either.
        HttpRequest patch = HttpRequest.newBuilder(URI.create(server.url("/api/v1/dags/hello")))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"is_paused\": true}"))
                .build();
        assertThat(op.client().send(patch, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(403);
        assertThat(paused()).isFalse();
        HttpRequest withToken = HttpRequest.newBuilder(URI.create(server.url("/api/v1/dags/hello")))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", op.csrf())
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"is_paused\": true}"))
                .build();
        assertThat(op.client()
                        .send(withToken, HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(paused()).isTrue();
        // The sign-in form itself needs the token too.
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url("/login")))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "username=op&password=" + WebTestServer.PASSWORD.replace(" ", "+")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void aViewersSessionCannotChangeAnythingAndPagesEscapeWhatTheyShow() throws Exception {
        Session viewer = signIn("viewer");
        assertThat(viewer.post(server.url("/dags/hello/pause"), "csrf_token=" + viewer.csrf(), null)
                        .statusCode())
                .isEqualTo(403);
        HttpRequest createVariable = HttpRequest.newBuilder(URI.create(server.url("/api/v1/variables")))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", viewer.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"k\", \"value\": \"v\"}"))
                .build();
        assertThat(viewer.client()
                        .send(createVariable, HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(403);
        assertThat(viewer.page())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)</script>");
    }

    @Test
    void pagesNeedASessionAndSignOutEndsIt() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/login");
        Session op = signIn("op");
        assertThat(op.post(server.url("/logout"), "csrf_token=" + op.csrf(), null)
                        .statusCode())
                .isEqualTo(302);
        HttpResponse<String> after = op.client()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(302);
    }
}
