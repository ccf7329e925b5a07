package io.weir.web.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The REST API's OpenAPI document at {@code /api/v1/openapi.yaml} and Swagger UI at {@code /api/v1/ui/}, both
 * served from Weir's jar (Swagger UI from its webjar): they need nothing from the internet and no sign-in, as the
 * document holds no data; "Authorize" in the page takes a user's credentials for the calls it makes.
 */
public final class OpenApiRoutes {
    public static final String DOCUMENT = ApiRoutes.PREFIX + "/openapi.yaml";
    public static final String UI = ApiRoutes.PREFIX + "/ui";

    private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    /** The files of the page, by the name the page asks for; nothing else of the webjar is served. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");

    private static final String PAGE =
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Weir REST API</title>
              <link rel="stylesheet" href="%1$s/swagger-ui.css">
              <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="%1$s/swagger-ui-bundle.js"></script>
              <script src="%1$s/swagger-ui-standalone-preset.js"></script>
              <script src="%1$s/weir-swagger.js"></script>
            </body>
            </html>
            """
                    .formatted(UI);
    private static final String INITIALIZER =
            """
            window.ui = SwaggerUIBundle({
              url: "%s",
              dom_id: "#swagger-ui",
              deepLinking: true,
              presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
              layout: "StandaloneLayout"
            });
            """
                    .formatted(DOCUMENT);

    private OpenApiRoutes() {}

    /** Whether a path under {@code /api/v1} is the document or the page, which answer without credentials. */
    public static boolean isOpen(String path) {
        return path.equals(DOCUMENT) || path.equals(UI) || path.startsWith(UI + "/");
    }

    static void register(JavalinConfig config) {
        byte[] document = resource("/io/weir/web/api/openapi.yaml");
        var routes = config.routes;
        routes.get(DOCUMENT, ctx -> ctx.contentType("application/yaml; charset=utf-8")
                .result(document));
        // Javalin ignores a trailing slash: this answers /api/v1/ui and /api/v1/ui/ alike.
        routes.get(UI, ctx -> ctx.contentType("text/html; charset=utf-8").result(PAGE));
        routes.get(UI + "/weir-swagger.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .result(INITIALIZER));
        routes.get(UI + "/{file}", OpenApiRoutes::asset);
    }

    private static void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("No file " + file + " in Swagger UI");
            return;
        }
        ctx.header("Cache-Control", "max-age=86400").contentType(type).result(resource(SWAGGER_UI + file));
    }

    private static String swaggerUiVersion() {
        Properties pom = new Properties();
        try {
            pom.load(new ByteArrayInputStream(resource("/META-INF/maven/org.webjars/swagger-ui/pom.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
