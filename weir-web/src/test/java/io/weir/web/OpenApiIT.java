package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.weir.web.api.OpenApiRoutes;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The OpenAPI document describes exactly the API the server registers, and Swagger UI is served from the jar. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private WebTestServer server;
    private JsonNode document;

    @BeforeAll
    void start() throws Exception {
        server = WebTestServer.start(Map.of("hello.yaml", ApiIT.HELLO));
        HttpResponse<String> response = server.send("GET", OpenApiRoutes.DOCUMENT, null, null);
        assertThat(response.statusCode()).as("the document needs no sign-in").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        document = YAML.readTree(response.body());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theDocumentListsEveryRouteTheServerRegistersAndNoOther() {
        String base = document.at("/servers/0/url").asText();
        assertThat(base).isEqualTo("/api/v1");
        Set<String> documented = new TreeSet<>();
        document.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + base + path.getKey());
                    }
                }));
        Set<String> served = new TreeSet<>();
        for (String route : server.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (METHODS.contains(method.toLowerCase(Locale.ROOT))
                    && path.startsWith(base + "/")
                    && !OpenApiRoutes.isOpen(path)) {
                served.add(route);
            }
        }
        assertThat(served).as("routes the server registers").hasSizeGreaterThan(40);
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyOperationIsCompleteAndEveryReferenceResolves() {
        assertThat(document.get("openapi").asText()).startsWith("3.0.");
        assertThat(document.at("/info/title").asText()).isNotBlank();
        List<String> operationIds = new ArrayList<>();
        document.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    if (!METHODS.contains(operation.getKey())) {
                        return;
                    }
                    String where = operation.getKey() + " " + path.getKey();
                    JsonNode responses = operation.getValue().get("responses");
                    assertThat(responses).as(where + " has responses").isNotNull();
                    assertThat(operation.getValue().get("operationId"))
                            .as(where)
                            .isNotNull();
                    operationIds.add(operation.getValue().get("operationId").asText());
                    if (!path.getKey().equals("/health")) {
                        assertThat(responses.has("401"))
                                .as(where + " answers 401")
                                .isTrue();
                    }
                    if (!operation.getKey().equals("get") && !path.getKey().endsWith("/list")) {
                        assertThat(responses.has("403"))
                                .as(where + " answers 403")
                                .isTrue();
                    }
                }));
        assertThat(operationIds).doesNotHaveDuplicates();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);
        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(reference).startsWith("#/");
            assertThat(document.at(reference.substring(1)).isMissingNode())
                    .as(reference + " resolves")
                    .isFalse();
        }
    }

    @Test
    void swaggerUiIsServedFromTheJar() {
        HttpResponse<String> page = server.send("GET", OpenApiRoutes.UI + "/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("swagger-ui-bundle.js")
                .doesNotContain("http://")
                .doesNotContain("https://");
        HttpResponse<String> bundle = server.send("GET", OpenApiRoutes.UI + "/swagger-ui-bundle.js", null, null);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(server.send("GET", OpenApiRoutes.UI + "/weir-swagger.js", null, null)
                        .body())
                .contains(OpenApiRoutes.DOCUMENT);
        assertThat(server.send("GET", OpenApiRoutes.UI + "/pom.xml", null, null).statusCode())
                .isEqualTo(404);
        assertThat(server.send("GET", OpenApiRoutes.UI + "/..%2F..%2Fopenapi.yaml", null, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.send("GET", "/api/v1/dags", null, null).statusCode())
                .as("the API itself still needs credentials")
                .isEqualTo(401);
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectReferences(item, references));
        }
    }
}
